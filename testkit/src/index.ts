export {
  requireBinary,
  readVersions,
  toolCacheDir,
  BUILT_PROGRAMS,
  DEBIAN_PACKAGES,
  VERSIONS_FILE,
  type Versions,
} from './binaries';
export { freePort, releasePort } from './ports';
export { spawnManaged, waitForLog, tempDir, removeDir, pidRegistryDir, readText, type ManagedProcess } from './process';
export { waitFor, sleep, type WaitOptions } from './wait';
export { generateCertificates, generateCa, type CertificateSet } from './tls';
export {
  startRedis,
  info,
  parseInfo,
  waitForReplication,
  type RedisServer,
  type StartRedisOptions,
  type TlsOptions,
  type ClusterNodeOptions,
} from './redis';
export {
  startSentinelTopology,
  pairsToRecord,
  type SentinelTopology,
  type SentinelTopologyOptions,
  type SentinelNode,
  type FailoverMode,
  type FailoverResult,
  type Address,
} from './sentinel';
export {
  startPrometheus,
  type PrometheusServer,
  type StartPrometheusOptions,
  type ScrapeTarget,
  type PromSample,
} from './prometheus';
export { clusterScrapeTargets } from './cluster-scrape';
export { startAlertmanager, type AlertmanagerServer, type AlertmanagerAlert } from './alertmanager';
export { runTool, type ToolResult } from './tools';
export { getJson, getText } from './http';
export { startRedisLensExporter, type RedisLensExporter } from './exporter';
export { packWorkspace, createProject } from './npm';
export {
  podman,
  runContainer,
  inspect,
  CONTAINER_FLAGS,
  CONTAINERS_CONF,
  type Container,
  type ContainerInspect,
  type RunContainerOptions,
  type Mount,
  type PodmanResult,
} from './podman';
export { buildImage, baseImageRef, BUILD_CA_PATH, BUILD_NPMRC_PATH, type BuiltImage } from './image';
export { kubePlay, prepareKube, type PreparedKube, type KubePlay, type KubePlayOptions } from './kube-play';
export {
  startRedisCluster,
  ANNOUNCED_HOSTNAME,
  type RedisCluster,
  type RedisClusterOptions,
  type ClusterNode,
  type ClusterRole,
  type SlotMigration,
  type SlotSelection,
} from './cluster';
export { parseClusterNodes, slotsOf, type ClusterNodeInfo } from './cluster-nodes';
export { driveRates, type DriveRatesOptions } from './load';
export {
  startCollector,
  startOtlpTraceSink,
  type Collector,
  type StartCollectorOptions,
  type OtlpTraceSink,
  type SinkSpan,
} from './collector';
export {
  startKubeApiServer,
  installCrds,
  crdDirs,
  type KubeApiServer,
  type KubeObject,
  type KubeResponse,
  type KubeRequestOptions,
  type StartKubeApiServerOptions,
  type CrdOperator,
} from './kube';
export {
  runHelm,
  runKubectlValidate,
  KUBECTL_VALIDATE_BUILTIN_VERSIONS,
  type RunHelmOptions,
  type RunKubectlValidateOptions,
  type KubectlValidateResult,
} from './kube-cli';
