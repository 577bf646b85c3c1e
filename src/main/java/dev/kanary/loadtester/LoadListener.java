package dev.kanary.loadtester;

import java.time.Duration;

/** Receives every request outcome of a load run while it runs, for example to export metrics. */
public interface LoadListener {

  /** A listener that ignores everything. */
  LoadListener NONE =
      new LoadListener() {
        @Override
        public void response(int status, Duration latency) {}

        @Override
        public void error(Throwable cause, Duration latency) {}
      };

  /**
   * Called when a request got a response.
   *
   * @param status the HTTP status code
   * @param latency the time from sending the request to receiving the whole response
   */
  void response(int status, Duration latency);

  /**
   * Called when a request got no response.
   *
   * @param cause why: a timeout, a refused connection, ...
   * @param latency the time until the failure
   */
  void error(Throwable cause, Duration latency);
}
