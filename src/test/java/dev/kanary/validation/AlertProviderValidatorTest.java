package dev.kanary.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.AlertProvider;
import dev.kanary.api.v1beta1.spec.AlertProviderSpec;
import dev.kanary.api.v1beta1.spec.SecretReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AlertProviderValidatorTest {

  private static final String HOOK = "https://hooks.slack.com/services/T0/B0/SECRETPART";

  static Stream<Arguments> cases() {
    return Stream.of(
        // type, address, proxy, secret data (null: no secretRef; empty: Secret absent), reason
        Arguments.of("slack", HOOK, null, null, "Valid"),
        Arguments.of("msteams", "outlook.office.com/webhook/SECRETPART", null, null, "InvalidSpec"),
        Arguments.of("discord", null, null, null, "InvalidSpec"),
        Arguments.of("rocket", HOOK, "socks://proxy SECRETPART", null, "InvalidSpec"),
        Arguments.of("gchat", HOOK, "http://proxy:3128", null, "Valid"),
        Arguments.of("slack", null, null, Map.of(), "SecretNotFound"),
        Arguments.of("slack", null, null, Map.of("token", "t"), "SecretKeyMissing"),
        Arguments.of("slack", null, null, Map.of("address", "SECRETPART"), "InvalidSecret"),
        Arguments.of("slack", null, null, Map.of("address", HOOK, "token", "t"), "Valid"),
        Arguments.of("pagerduty", HOOK, null, null, "UnknownProvider"));
  }

  @ParameterizedTest(name = "{0} {4}")
  @MethodSource("cases")
  void validatesAddressProxyAndSecretWithoutRevealingThem(
      String type, String address, String proxy, Map<String, String> secretData, String reason) {
    AlertProvider provider = new AlertProvider();
    provider.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("prod").build());
    provider.setSpec(new AlertProviderSpec());
    provider.getSpec().type = type;
    provider.getSpec().address = address;
    provider.getSpec().proxy = proxy;
    if (secretData != null) {
      provider.getSpec().secretRef = new SecretReference();
      provider.getSpec().secretRef.name = "hook";
    }
    SecretLookup secrets =
        (ns, name) ->
            secretData == null || secretData.isEmpty()
                ? Optional.empty()
                : Optional.of(
                    new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withData(encode(secretData))
                        .build());

    Validation validation = new AlertProviderValidator(secrets).validate(provider);

    assertEquals(reason, validation.reason(), validation.message());
    assertEquals("Valid".equals(reason), validation.valid());
    assertFalse(validation.message().contains("SECRETPART"), validation.message());
    assertTrue(validation.message().length() > 10);
  }

  private static Map<String, String> encode(Map<String, String> data) {
    return data.entrySet().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                Map.Entry::getKey,
                e ->
                    Base64.getEncoder()
                        .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))));
  }
}
