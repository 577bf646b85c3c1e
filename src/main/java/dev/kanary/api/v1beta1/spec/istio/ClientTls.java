package dev.kanary.api.v1beta1.spec.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.List;

/** TLS settings of connections to the workload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientTls {

  /** Istio's TLS modes. */
  public enum Mode {
    DISABLE,
    SIMPLE,
    MUTUAL,
    ISTIO_MUTUAL
  }

  @SchemaFrom(type = Mode.class)
  @JsonPropertyDescription("TLS mode: DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL.")
  public String mode;

  @JsonPropertyDescription("Path of the client certificate file.")
  public String clientCertificate;

  @JsonPropertyDescription("Path of the client private key file.")
  public String privateKey;

  @JsonPropertyDescription("Path of the CA certificates file.")
  public String caCertificates;

  @JsonPropertyDescription("Subject alternative names the server certificate must carry.")
  public List<String> subjectAltNames;

  @JsonPropertyDescription("SNI sent in the TLS handshake.")
  public String sni;
}
