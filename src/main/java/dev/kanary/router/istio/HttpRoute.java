package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kanary.api.v1beta1.spec.istio.CorsPolicy;
import dev.kanary.api.v1beta1.spec.istio.Headers;
import dev.kanary.api.v1beta1.spec.istio.HttpMatchRequest;
import dev.kanary.api.v1beta1.spec.istio.HttpRetry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An Istio {@code HTTPRoute}: the fields Kanary writes; others (for example {@code fault} or {@code
 * delegate}) are kept as {@link #unmodelled()}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpRoute extends UnmodelledFields {

  /** Name of the route, shown in access logs; Kanary names only its sticky routes. */
  public String name;

  /** Conditions of which at least one must hold; absent means every request. */
  public List<HttpMatchRequest> match;

  /** Rewrite of the URI and authority before forwarding. */
  public IstioRewrite rewrite;

  /** Request timeout, for example {@code 30s}. */
  public String timeout;

  /** Retry policy. */
  public HttpRetry retries;

  /** Cross-origin resource sharing policy. */
  public CorsPolicy corsPolicy;

  /** Header operations for every destination of the route. */
  public Headers headers;

  /** Weighted destinations. */
  public List<HttpRouteDestination> route;

  /** Destination that receives a copy of the requests. */
  public Destination mirror;

  /** Share of the requests copied to {@link #mirror}; all of them when absent. */
  public Percent mirrorPercentage;
}
