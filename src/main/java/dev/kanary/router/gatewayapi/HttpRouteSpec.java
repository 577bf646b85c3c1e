package dev.kanary.router.gatewayapi;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kanary.api.v1beta1.spec.gateway.HttpRequestMirrorFilter;
import dev.kanary.api.v1beta1.spec.gateway.ParentReference;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec of a Gateway API {@code HTTPRoute}: the fields Kanary writes, with other top-level
 * fields kept as {@link #unmodelled()} so that a rewrite does not drop them.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpRouteSpec {

  /** Parents (usually Gateways) the route attaches to. */
  public List<ParentReference> parentRefs;

  /** Host names the route serves. */
  public List<String> hostnames;

  /** Rules, first match wins. */
  public List<Rule> rules;

  private final Map<String, Object> unmodelled = new LinkedHashMap<>();

  /**
   * The spec fields read from the cluster that this model does not declare, by name.
   *
   * @return the live map of those fields
   */
  @JsonAnyGetter
  public Map<String, Object> unmodelled() {
    return unmodelled;
  }

  /**
   * Keeps a field this model does not declare.
   *
   * @param name the field's name
   * @param value its JSON value
   */
  @JsonAnySetter
  public void unmodelled(String name, Object value) {
    unmodelled.put(name, value);
  }

  /** An {@code HTTPRouteRule}: conditions, filters, weighted backends and timeouts. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Rule {

    /** Conditions of which at least one must hold. */
    public List<Match> matches;

    /** Filters applied to every request of the rule. */
    public List<Filter> filters;

    /** Weighted backends. */
    public List<BackendRef> backendRefs;

    /** Request and backend request timeouts. */
    public Timeouts timeouts;
  }

  /** An {@code HTTPRouteMatch}: path, headers, query parameters and method, all of which hold. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Match {

    /** How the path must match. */
    public PathMatch path;

    /** Headers and how each must match. */
    public List<ValueMatch> headers;

    /** Query parameters and how each must match. */
    public List<ValueMatch> queryParams;

    /** The HTTP method the request must use. */
    public String method;
  }

  /** An {@code HTTPPathMatch}: {@code Exact}, {@code PathPrefix} or {@code RegularExpression}. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PathMatch {

    /** The match type. */
    public String type;

    /** The path, prefix or expression. */
    public String value;

    /** Creates an empty match, for Jackson. */
    public PathMatch() {}

    /**
     * Creates a match.
     *
     * @param type the match type
     * @param value the path, prefix or expression
     */
    public PathMatch(String type, String value) {
      this.type = type;
      this.value = value;
    }
  }

  /** A header or query parameter match: {@code Exact} or {@code RegularExpression}. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ValueMatch {

    /** The match type. */
    public String type;

    /** The header or parameter name. */
    public String name;

    /** The value or expression. */
    public String value;

    /** Creates an empty match, for Jackson. */
    public ValueMatch() {}

    /**
     * Creates a match.
     *
     * @param type the match type
     * @param name the header or parameter name
     * @param value the value or expression
     */
    public ValueMatch(String type, String name, String value) {
      this.type = type;
      this.name = name;
      this.value = value;
    }
  }

  /** An {@code HTTPRouteFilter}: one of the header modifiers, a URL rewrite or a mirror. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Filter {

    /** The filter type, naming the field that is set. */
    public String type;

    /** Operations on request headers. */
    public HeaderModifier requestHeaderModifier;

    /** Operations on response headers. */
    public HeaderModifier responseHeaderModifier;

    /** Rewrite of the host name and path. */
    public UrlRewrite urlRewrite;

    /** Backend that receives a copy of the requests. */
    public HttpRequestMirrorFilter requestMirror;
  }

  /** An {@code HTTPHeaderFilter}: headers to set, add and remove. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HeaderModifier {

    /** Headers to overwrite. */
    public List<Header> set;

    /** Headers to append. */
    public List<Header> add;

    /** Names of headers to remove. */
    public List<String> remove;
  }

  /** An {@code HTTPHeader}: a name and a value. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Header {

    /** The header's name. */
    public String name;

    /** The header's value. */
    public String value;

    /** Creates an empty header, for Jackson. */
    public Header() {}

    /**
     * Creates a header.
     *
     * @param name the header's name
     * @param value the header's value
     */
    public Header(String name, String value) {
      this.name = name;
      this.value = value;
    }
  }

  /** An {@code HTTPURLRewriteFilter}: a new host name and path. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class UrlRewrite {

    /** The host name to send. */
    public String hostname;

    /** How the path is rewritten. */
    public PathModifier path;
  }

  /** An {@code HTTPPathModifier}: replace the whole path or the matched prefix. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PathModifier {

    /** {@code ReplaceFullPath} or {@code ReplacePrefixMatch}. */
    public String type;

    /** The new path, for {@code ReplaceFullPath}. */
    public String replaceFullPath;

    /** The new prefix, for {@code ReplacePrefixMatch}. */
    public String replacePrefixMatch;
  }

  /** An {@code HTTPBackendRef}: a Service port with a weight and its own filters. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class BackendRef {

    /** API group of the backend; empty for the core group. */
    public String group;

    /** Kind of the backend. */
    public String kind;

    /** Name of the backend. */
    public String name;

    /** Namespace of the backend; the route's when absent. */
    public String namespace;

    /** Port of the backend. */
    public Integer port;

    /** Share of the rule's requests. */
    public Integer weight;

    /** Filters applied to the requests sent to this backend. */
    public List<Filter> filters;
  }

  /** An {@code HTTPRouteTimeouts}: request and backend request timeouts. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Timeouts {

    /** Timeout of the whole request, for example {@code 30s}. */
    public String request;

    /** Timeout of one request to the backend. */
    public String backendRequest;
  }
}
