package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The service meshes and ingress controllers a Canary may name in {@code spec.provider}. */
public enum Provider {
  @JsonProperty("apisix")
  APISIX,
  @JsonProperty("appmesh")
  APPMESH,
  @JsonProperty("appmesh:v1beta2")
  APPMESH_V1BETA2,
  @JsonProperty("contour")
  CONTOUR,
  @JsonProperty("gatewayapi:v1")
  GATEWAYAPI_V1,
  @JsonProperty("gatewayapi:v1beta1")
  GATEWAYAPI_V1BETA1,
  @JsonProperty("gloo")
  GLOO,
  @JsonProperty("istio")
  ISTIO,
  @JsonProperty("knative")
  KNATIVE,
  @JsonProperty("kubernetes")
  KUBERNETES,
  @JsonProperty("kuma")
  KUMA,
  @JsonProperty("linkerd")
  LINKERD,
  @JsonProperty("nginx")
  NGINX,
  @JsonProperty("osm")
  OSM,
  @JsonProperty("skipper")
  SKIPPER,
  @JsonProperty("smi:v1alpha1")
  SMI_V1ALPHA1,
  @JsonProperty("smi:v1alpha2")
  SMI_V1ALPHA2,
  @JsonProperty("smi:v1alpha3")
  SMI_V1ALPHA3,
  @JsonProperty("traefik")
  TRAEFIK
}
