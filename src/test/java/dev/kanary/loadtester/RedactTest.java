package dev.kanary.loadtester;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Commands are logged without their credentials. */
class RedactTest {

  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      value = {
        "curl -s http://user:pass@backend:9898/ | grep ok => curl -s http://***@backend:9898/ | grep ok",
        "curl -H 'Authorization: Bearer abc' http://x/ => curl -H 'Authorization: ***' http://x/",
        "curl -H \"cookie: session=1\" http://x/ => curl -H \"cookie: ***\" http://x/",
        "helm test podinfo --timeout 3m => helm test podinfo --timeout 3m"
      })
  void masksCredentials(String command, String logged) {
    assertEquals(logged, Redact.command(command));
  }
}
