package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The part of an Istio {@code VirtualService} spec (networking.istio.io v1, same shape in v1beta1
 * and v1alpha3) that Kanary writes; other fields such as {@code tls} or {@code exportTo} are kept
 * as {@link #unmodelled()}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualServiceSpec extends UnmodelledFields {

  /** Hosts the routes apply to; absent on a delegate VirtualService. */
  public List<String> hosts;

  /** Gateways and sidecars ({@code mesh}) the routes apply to; absent on a delegate. */
  public List<String> gateways;

  /** Ordered HTTP routes; the first one that matches a request wins. */
  public List<HttpRoute> http;

  /** Ordered routes for opaque TCP traffic. */
  public List<TcpRoute> tcp;
}
