package dev.kanary.loadtester;

import dev.kanary.canary.Durations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one {@code hey} invocation, parsed with hey's flags, defaults and checks.
 *
 * @param url the target URL, without user info
 * @param duration how long to send requests ({@code -z}); when present, {@code requests} is ignored
 * @param requests the total number of requests ({@code -n}, default 200)
 * @param workers the number of concurrent workers ({@code -c}, default 50)
 * @param ratePerWorker the rate limit of each worker in requests per second ({@code -q}); 0 means
 *     unlimited
 * @param method the HTTP method ({@code -m}, default GET)
 * @param headers the request headers in order ({@code -H}, {@code -A}, {@code -a}, {@code -U},
 *     {@code -T}, user info of the URL), each a name and a value
 * @param body the request body ({@code -d} or the file of {@code -D}); empty for none
 * @param timeout the timeout of each request ({@code -t} seconds, default 20); zero means none
 * @param host the Host header to send instead of the URL's ({@code -host}, or a {@code Host} header
 *     given with {@code -H}, which hey itself would ignore)
 * @param disableKeepAlive whether every request uses a new connection ({@code -disable-keepalive})
 * @param disableRedirects whether redirects are returned rather than followed ({@code
 *     -disable-redirects})
 * @param http2 whether HTTP/2 is used ({@code -h2})
 * @param proxy the HTTP proxy to use ({@code -x host:port}), else the JVM's default proxy selector
 */
public record HeyOptions(
    URI url,
    Optional<Duration> duration,
    int requests,
    int workers,
    double ratePerWorker,
    String method,
    List<Map.Entry<String, String>> headers,
    byte[] body,
    Duration timeout,
    Optional<String> host,
    boolean disableKeepAlive,
    boolean disableRedirects,
    boolean http2,
    Optional<InetSocketAddress> proxy) {

  private static final Pattern HEADER = Pattern.compile("^([\\w-]+):\\s*(.+)");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> BOOLEAN_FLAGS =
      Set.of("disable-keepalive", "disable-compression", "disable-redirects", "h2");

  /**
   * Tells whether a command is a {@code hey} invocation that Kanary runs in-process.
   *
   * @param command the split command
   * @return true when the command is a simple command whose program is {@code hey}
   */
  public static boolean isHey(CommandLine command) {
    if (!command.simple() || command.words().isEmpty()) {
      return false;
    }
    String program = command.words().get(0);
    return program.equals("hey") || program.endsWith("/hey");
  }

  /**
   * Parses the arguments of {@code hey}; flags may come before or after the URL.
   *
   * @param args the arguments, without the program name
   * @return the options
   * @throws IllegalArgumentException with hey's message when an option is unknown or invalid
   */
  public static HeyOptions parse(List<String> args) {
    Map<String, List<String>> flags = new java.util.LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    boolean flagsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (flagsEnded || !arg.startsWith("-") || arg.equals("-")) {
        positional.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        flagsEnded = true;
        continue;
      }
      String name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (BOOLEAN_FLAGS.contains(name)) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("flag needs an argument: -" + name);
      }
      flags.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    if (positional.size() != 1) {
      throw new IllegalArgumentException(
          positional.isEmpty() ? "no URL given" : "more than one URL given: " + positional);
    }
    return build(flags, positional.get(0));
  }

  private static HeyOptions build(Map<String, List<String>> flags, String target) {
    Flags f = new Flags(flags);
    Optional<Duration> duration =
        f.last("z").map(z -> Durations.parse(z).orElseThrow(() -> invalid("-z", z)));
    duration = duration.filter(d -> !d.isZero());
    int requests = f.integer("n", 200);
    int workers = f.integer("c", 50);
    double rate = f.decimal("q", 0);
    if (requests <= 0 || workers <= 0) {
      throw new IllegalArgumentException("-n and -c cannot be smaller than 1.");
    }
    if (duration.isEmpty() && requests < workers) {
      throw new IllegalArgumentException("-n cannot be less than -c.");
    }
    if (rate < 0) {
      throw invalid("-q", String.valueOf(rate));
    }
    int timeoutSeconds = f.integer("t", 20);
    URI url = url(target);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Content-Type", f.last("T").orElse("text/html")));
    headers.add(Map.entry("User-Agent", f.last("U").orElse("hey/0.0.1")));
    f.last("A").ifPresent(accept -> headers.add(Map.entry("Accept", accept)));
    for (String header : f.all("H")) {
      Matcher m = HEADER.matcher(header);
      if (!m.find()) {
        throw new IllegalArgumentException("could not parse the provided input; input = " + header);
      }
      headers.add(Map.entry(m.group(1), m.group(2)));
    }
    Optional<String> basic = f.last("a").or(() -> Optional.ofNullable(url.getRawUserInfo()));
    basic.ifPresent(
        credentials ->
            headers.add(
                Map.entry(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))));
    f.last("o")
        .filter(o -> !o.equals("csv"))
        .ifPresent(
            o -> {
              throw new IllegalArgumentException("invalid output type: " + o);
            });
    String method = f.last("m").orElse("GET").toUpperCase(java.util.Locale.ROOT);
    if (!TOKEN.matcher(method).matches()) {
      throw invalid("-m", method);
    }
    Optional<String> host = f.last("host").filter(h -> !h.isEmpty());
    for (Map.Entry<String, String> header : List.copyOf(headers)) {
      if (header.getKey().equalsIgnoreCase("Host")) {
        headers.remove(header);
        host = host.or(() -> Optional.of(header.getValue()));
      }
    }
    return new HeyOptions(
        withoutUserInfo(url),
        duration,
        requests,
        workers,
        rate,
        method,
        List.copyOf(headers),
        body(f),
        Duration.ofSeconds(timeoutSeconds),
        host,
        f.bool("disable-keepalive"),
        f.bool("disable-redirects"),
        f.bool("h2"),
        f.last("x").map(HeyOptions::proxy));
  }

  /**
   * The number of requests one worker sends.
   *
   * @return {@code requests / workers} (hey's integer division), or unlimited when a duration is
   *     set
   */
  public long requestsPerWorker() {
    return duration.isPresent() ? Long.MAX_VALUE : requests / workers;
  }

  /**
   * A description of the run that carries no credential: no header values, no user info, no query.
   *
   * @return for example {@code GET http://podinfo-canary.test:9898/ for 1m at 10 qps x 2}
   */
  public String describe() {
    StringBuilder text = new StringBuilder(method).append(' ');
    text.append(url.getScheme()).append("://").append(url.getRawAuthority());
    text.append(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
    duration.ifPresentOrElse(
        d -> text.append(" for ").append(d.toString().substring(2).toLowerCase()),
        () -> text.append(" x ").append(requests));
    text.append(" with ").append(workers).append(" workers");
    if (ratePerWorker > 0) {
      text.append(" at ").append(ratePerWorker).append(" qps each");
    }
    return text.toString();
  }

  private static byte[] body(Flags f) {
    Optional<String> file = f.last("D");
    if (file.isPresent()) {
      try {
        return Files.readAllBytes(Path.of(file.get()));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the body file " + file.get(), e);
      }
    }
    return f.last("d").orElse("").getBytes(StandardCharsets.UTF_8);
  }

  private static URI url(String target) {
    try {
      URI url = new URI(target);
      if (url.getScheme() == null
          || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
          || url.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL: " + redacted(target));
      }
      return url;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid URL: " + redacted(target), e);
    }
  }

  private static String redacted(String target) {
    return target.replaceAll("//[^/@]*@", "//***@");
  }

  private static URI withoutUserInfo(URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    return URI.create(
        url.toString().replaceFirst("//" + Pattern.quote(url.getRawUserInfo()) + "@", "//"));
  }

  private static InetSocketAddress proxy(String address) {
    int colon = address.lastIndexOf(':');
    try {
      return InetSocketAddress.createUnresolved(
          address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw invalid("-x", address);
    }
  }

  private static IllegalArgumentException invalid(String flag, String value) {
    return new IllegalArgumentException("invalid value \"" + value + "\" for flag " + flag);
  }

  /** The parsed flags, by name. */
  private record Flags(Map<String, List<String>> values) {

    private static final Set<String> KNOWN =
        Set.of(
            "z",
            "n",
            "c",
            "q",
            "m",
            "H",
            "d",
            "D",
            "T",
            "t",
            "A",
            "a",
            "U",
            "host",
            "x",
            "o",
            "cpus",
            "disable-keepalive",
            "disable-compression",
            "disable-redirects",
            "h2");

    Flags {
      for (String name : values.keySet()) {
        if (!KNOWN.contains(name)) {
          throw new IllegalArgumentException("flag provided but not defined: -" + name);
        }
      }
    }

    Optional<String> last(String name) {
      List<String> all = all(name);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    List<String> all(String name) {
      return values.getOrDefault(name, List.of());
    }

    int integer(String name, int fallback) {
      return last(name)
          .map(
              v -> {
                try {
                  return Integer.parseInt(v);
                } catch (NumberFormatException e) {
                  throw invalid("-" + name, v);
                }
              })
          .orElse(fallback);
    }

    double decimal(String name, double fallback) {
      return last(name)
          .map(
              v -> {
                try {
                  return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                  throw invalid("-" + name, v);
                }
              })
          .orElse(fallback);
    }

    boolean bool(String name) {
      return last(name).map(Boolean::parseBoolean).orElse(false);
    }
  }
}
