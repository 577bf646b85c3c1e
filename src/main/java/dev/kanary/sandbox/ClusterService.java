package dev.kanary.sandbox;

/**
 * An HTTP service the sandbox runs in-process under a cluster host name, such as the load tester at
 * {@code flagger-loadtester.prod} or the Slack receiver.
 */
@FunctionalInterface
public interface ClusterService {

  /**
   * Answers one request, on a worker thread.
   *
   * @param method the HTTP method
   * @param path the path with its query
   * @param body the request body, empty when none
   * @return the answer
   */
  Reply handle(String method, String path, byte[] body);

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param contentType the body's content type
   * @param body the body
   */
  record Reply(int status, String contentType, byte[] body) {}
}
