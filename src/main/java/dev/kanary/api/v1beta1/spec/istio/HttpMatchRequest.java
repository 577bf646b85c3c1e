package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Conditions a request must meet to take a route, as Istio's HTTPMatchRequest defines them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpMatchRequest {

  @JsonPropertyDescription("Name of the match, for logs and debugging.")
  public String name;

  @JsonPropertyDescription("How the URI must match.")
  public StringMatch uri;

  @JsonPropertyDescription("How the URI scheme must match.")
  public StringMatch scheme;

  @JsonPropertyDescription("How the HTTP method must match.")
  public StringMatch method;

  @JsonPropertyDescription("How the authority (Host) must match.")
  public StringMatch authority;

  @JsonPropertyDescription("Headers and how each must match.")
  public Map<String, StringMatch> headers;

  @JsonPropertyDescription("Port the request must arrive on.")
  public Integer port;

  @JsonPropertyDescription("Labels the calling workload must carry.")
  public Map<String, String> sourceLabels;

  @JsonPropertyDescription("Gateways the request must come through.")
  public List<String> gateways;

  @JsonPropertyDescription("Query parameters and how each must match.")
  public Map<String, StringMatch> queryParams;

  @JsonPropertyDescription("Match the URI case-insensitively.")
  public Boolean ignoreUriCase;

  @JsonPropertyDescription("Headers that must not match.")
  public Map<String, StringMatch> withoutHeaders;

  @JsonPropertyDescription("Namespace the calling workload must run in.")
  public String sourceNamespace;
}
