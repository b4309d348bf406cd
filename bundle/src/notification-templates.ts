/**
 * Notification templates shared by Grafana and Alertmanager: both use Go templates over the same data (`.Status`,
 * `.Alerts`, `.CommonLabels`, `.CommonAnnotations`), so the runbook link reaches PagerDuty and Slack either way.
 */
export const TEMPLATE_GROUP_NAME = 'redis-lens';

export const NOTIFICATION_TEMPLATES = `{{ define "redislens.title" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ if .CommonAnnotations.summary }}: {{ .CommonAnnotations.summary }}{{ end }}{{ end }}

{{ define "redislens.text" }}{{ range .Alerts }}*{{ .Labels.alertname }}* ({{ .Labels.severity }}) {{ .Annotations.summary }}
{{ .Annotations.description }}
Runbook: {{ .Annotations.runbook_url }}
{{ end }}{{ end }}

{{ define "redislens.runbook" }}{{ with index .Alerts 0 }}{{ .Annotations.runbook_url }}{{ end }}{{ end }}
`;
