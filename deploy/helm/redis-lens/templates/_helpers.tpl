{{/* Names and labels, in the layout `helm create` uses, so users find them where they expect. */}}
{{- define "redis-lens.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "redis-lens.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "redis-lens.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "redis-lens.selectorLabels" -}}
app.kubernetes.io/name: {{ include "redis-lens.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "redis-lens.labels" -}}
helm.sh/chart: {{ include "redis-lens.chart" . }}
{{ include "redis-lens.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: redis-lens
{{- end }}

{{/* Labels of a Prometheus Operator resource: the chart's, the shared monitoring ones, then the resource's own. */}}
{{- define "redis-lens.monitoringLabels" -}}
{{- $root := index . 0 }}
{{- $own := index . 1 }}
{{ include "redis-lens.labels" $root }}
{{- with (merge (dict) ($own | default dict) ($root.Values.monitoring.additionalLabels | default dict)) }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "redis-lens.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "redis-lens.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "redis-lens.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* The exporter runs as its own workload in every mode but sidecar (there it runs inside the user's Redis pods). */}}
{{- define "redis-lens.hasWorkload" -}}
{{- if ne .Values.mode "sidecar" }}true{{ end }}
{{- end }}

{{/* Fleet mode with shards > 1: a StatefulSet, so each replica has a stable DNS name Prometheus can shard to. */}}
{{- define "redis-lens.sharded" -}}
{{- if and (eq .Values.mode "fleet") (gt (int .Values.fleet.shards) 1) }}true{{ end }}
{{- end }}

{{/* Address of the exporter Service, as Prometheus inside the cluster reaches it. */}}
{{- define "redis-lens.serviceAddress" -}}
{{- printf "%s.%s.svc:%d" (include "redis-lens.fullname" .) .Release.Namespace (int .Values.service.port) }}
{{- end }}

{{- define "redis-lens.headlessName" -}}
{{- printf "%s-headless" (include "redis-lens.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Grafana datasource uids and root URL substituted into the generated Grafana files (see bundle/src/helm-chart.ts). */}}
{{- define "redis-lens.grafanaFile" -}}
{{- $root := index . 0 }}
{{- $path := index . 1 }}
{{- $root.Files.Get $path | replace "redislens-prometheus" $root.Values.grafana.datasourceUids.prometheus | replace "redislens-tempo" $root.Values.grafana.datasourceUids.tempo | replace "https://grafana.redis-lens.invalid/" $root.Values.grafana.rootUrl }}
{{- end }}

{{/* Where each Secret is mounted in the exporter container. */}}
{{- define "redis-lens.secretsDir" -}}/run/secrets/redis-lens{{- end }}

{{/* The pod's volumes, containers and security settings, shared by the Deployment and the StatefulSet. */}}
{{- define "redis-lens.podTemplate" -}}
metadata:
  labels:
    {{- include "redis-lens.selectorLabels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # A changed setting restarts the exporter (it reads its environment once, at start).
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "redis-lens.serviceAccountName" . }}
  # The exporter never calls the Kubernetes API.
  automountServiceAccountToken: false
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  containers:
    - name: exporter
      image: {{ include "redis-lens.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      {{- with .Values.extraArgs }}
      args:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      envFrom:
        - configMapRef:
            name: {{ include "redis-lens.fullname" . }}
      {{- $env := include "redis-lens.secretEnv" . }}
      {{- if $env }}
      env:
        {{- $env | nindent 8 }}
      {{- end }}
      ports:
        - name: metrics
          containerPort: {{ .Values.service.port }}
          protocol: TCP
      readinessProbe:
        httpGet:
          path: /ready
          port: metrics
        {{- toYaml .Values.readinessProbe | nindent 8 }}
      livenessProbe:
        httpGet:
          path: /health
          port: metrics
        {{- toYaml .Values.livenessProbe | nindent 8 }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      {{- $mounts := include "redis-lens.volumeMounts" . }}
      {{- if $mounts }}
      volumeMounts:
        {{- $mounts | nindent 8 }}
      {{- end }}
  {{- $volumes := include "redis-lens.volumes" . }}
  {{- if $volumes }}
  volumes:
    {{- $volumes | nindent 4 }}
  {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/* Secret-backed environment: only references, never values. */}}
{{- define "redis-lens.secretEnv" -}}
{{- $dir := include "redis-lens.secretsDir" . }}
{{- with .Values.redis.auth }}
{{- if .existingSecret }}
{{- if eq .mountAs "env" }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .existingSecret }}
      key: {{ .key }}
{{- else }}
- name: REDIS_PASSWORD_FILE
  value: {{ printf "%s/redis/password" $dir }}
{{- end }}
{{- end }}
{{- end }}
{{- with .Values.sentinel.auth }}
{{- if .existingSecret }}
- name: SENTINEL_PASSWORD_FILE
  value: {{ printf "%s/sentinel/password" $dir }}
{{- end }}
{{- end }}
{{- with .Values.redaction.hashSecret }}
{{- if .existingSecret }}
- name: REDIS_LENS_KEY_HASH_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .existingSecret }}
      key: {{ .key }}
{{- end }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "redis-lens.volumeMounts" -}}
{{- $dir := include "redis-lens.secretsDir" . }}
{{- if and .Values.redis.auth.existingSecret (ne .Values.redis.auth.mountAs "env") }}
- name: redis-password
  mountPath: {{ printf "%s/redis" $dir }}
  readOnly: true
{{- end }}
{{- if .Values.sentinel.auth.existingSecret }}
- name: sentinel-password
  mountPath: {{ printf "%s/sentinel" $dir }}
  readOnly: true
{{- end }}
{{- if .Values.redis.tls.existingSecret }}
- name: redis-tls
  mountPath: {{ printf "%s/tls" $dir }}
  readOnly: true
{{- end }}
{{- if and (eq .Values.mode "fleet") .Values.fleet.credentials.existingSecret }}
- name: scrape-credentials
  mountPath: {{ printf "%s/scrape" $dir }}
  readOnly: true
{{- end }}
{{- end }}

{{- define "redis-lens.volumes" -}}
{{- if and .Values.redis.auth.existingSecret (ne .Values.redis.auth.mountAs "env") }}
- name: redis-password
  secret:
    secretName: {{ .Values.redis.auth.existingSecret }}
    items:
      - key: {{ .Values.redis.auth.key }}
        path: password
{{- end }}
{{- if .Values.sentinel.auth.existingSecret }}
- name: sentinel-password
  secret:
    secretName: {{ .Values.sentinel.auth.existingSecret }}
    items:
      - key: {{ .Values.sentinel.auth.key }}
        path: password
{{- end }}
{{- with .Values.redis.tls }}
{{- if .existingSecret }}
- name: redis-tls
  secret:
    secretName: {{ .existingSecret }}
    items:
      - key: {{ .caKey }}
        path: ca.crt
      {{- if .clientCert }}
      - key: {{ .certKey }}
        path: tls.crt
      - key: {{ .keyKey }}
        path: tls.key
      {{- end }}
{{- end }}
{{- end }}
{{- if and (eq .Values.mode "fleet") .Values.fleet.credentials.existingSecret }}
# The whole Secret as one directory: the credentials file names its password files by relative path.
- name: scrape-credentials
  secret:
    secretName: {{ .Values.fleet.credentials.existingSecret }}
{{- end }}
{{- end }}
