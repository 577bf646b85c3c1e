package dev.kanary.metrics;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK HTTP clients that query metric stores, shared by all queries: one that verifies TLS
 * certificates, and one, built only when a provider sets {@code insecureSkipVerify}, that trusts
 * every certificate and host name.
 */
public final class HttpClients {

  private final Duration connectTimeout;
  private final HttpClient verifying;
  private HttpClient trustingAll;

  /**
   * Creates the clients.
   *
   * @param connectTimeout how long a connection may take to open
   */
  public HttpClients(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
    this.verifying = builder().build();
  }

  /**
   * The client for one provider.
   *
   * @param insecureSkipVerify whether the provider skips TLS verification
   * @return the shared client
   */
  public HttpClient get(boolean insecureSkipVerify) {
    return insecureSkipVerify ? trustingAll() : verifying;
  }

  private synchronized HttpClient trustingAll() {
    if (trustingAll == null) {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        trustingAll = builder().sslContext(context).build();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot build a TLS context", e);
      }
    }
    return trustingAll;
  }

  private HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(ProxySelector.getDefault())
        .connectTimeout(connectTimeout);
  }

  /**
   * Accepts every certificate; being an extended trust manager, it also skips the host name check.
   */
  private static final class TrustAll extends X509ExtendedTrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // Trusts every client: this trust manager only ever serves outgoing connections.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // Trusts every server: the provider asked to skip verification.
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, java.net.Socket socket) {
      // Trusts every client, as above.
    }

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, java.net.Socket socket) {
      // Trusts every server, as above.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // Trusts every client, as above.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // Trusts every server, as above.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
