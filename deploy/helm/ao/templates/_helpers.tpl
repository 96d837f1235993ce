{{- define "ao.labels" -}}
app.kubernetes.io/name: ao
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ao.selector" -}}
app.kubernetes.io/name: ao
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
