{{/* Names and labels shared by every object of the release. */}}
{{- define "faultmaven.fullname" -}}
{{- printf "%s-faultmaven" .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "faultmaven.labels" -}}
app.kubernetes.io/name: faultmaven
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component: include "faultmaven.selector" (list . "api") */}}
{{- define "faultmaven.selector" -}}
app.kubernetes.io/name: faultmaven
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* The image of one component: include "faultmaven.image" (list . "api") */}}
{{- define "faultmaven.image" -}}
{{- $root := index . 0 -}}
{{ printf "%s/faultmaven-%s:%s" $root.Values.image.registry (index . 1) (default $root.Chart.AppVersion $root.Values.image.tag) }}
{{- end -}}

{{/* Secret-backed FAULTMAVEN__... settings of one component: include "faultmaven.env" (list . "api"|"worker"|"migrations").
     Each service connects to PostgreSQL as its own role; only the migrations job as the tables' owner. */}}
{{- define "faultmaven.env" -}}
{{- $root := index . 0 -}}
{{- $secret := get (dict "api" $root.Values.postgres.apiConnectionStringSecret "worker" $root.Values.postgres.workerConnectionStringSecret "migrations" $root.Values.postgres.connectionStringSecret) (index . 1) -}}
- name: FAULTMAVEN__POSTGRES__CONNECTIONSTRING
  valueFrom:
    secretKeyRef:
      name: {{ required "faultmaven.env: component must be api, worker or migrations" $secret.name }}
      key: {{ $secret.key }}
{{- with $root.Values.kafka.saslPasswordSecret }}
{{- if .name }}
- name: FAULTMAVEN__KAFKA__CLIENT__sasl.password
  valueFrom:
    secretKeyRef:
      name: {{ .name }}
      key: {{ .key }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The container hardening every pod shares. */}}
{{- define "faultmaven.podSpec" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
automountServiceAccountToken: false
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
