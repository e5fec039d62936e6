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

{{/* FAULTMAVEN__... settings every service and the migrations job read: the ConfigMap, then the secrets. */}}
{{- define "faultmaven.env" -}}
- name: FAULTMAVEN__POSTGRES__CONNECTIONSTRING
  valueFrom:
    secretKeyRef:
      name: {{ .Values.postgres.connectionStringSecret.name }}
      key: {{ .Values.postgres.connectionStringSecret.key }}
{{- with .Values.kafka.saslPasswordSecret }}
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
