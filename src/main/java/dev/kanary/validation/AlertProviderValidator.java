package dev.kanary.validation;

import dev.kanary.api.v1beta1.AlertProvider;
import dev.kanary.api.v1beta1.spec.AlertProviderSpec;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that an AlertProvider has a usable webhook address, inline or in its Secret.
 *
 * <p>The address is a credential (a Slack hook URL grants posting rights), so no message produced
 * here ever contains it.
 */
public final class AlertProviderValidator {

  private static final Set<String> TYPES = Set.of("slack", "msteams", "discord", "rocket", "gchat");

  private final SecretLookup secrets;

  /**
   * Creates a validator.
   *
   * @param secrets where referenced Secrets are looked up
   */
  public AlertProviderValidator(SecretLookup secrets) {
    this.secrets = secrets;
  }

  /**
   * Validates an AlertProvider.
   *
   * @param provider the provider
   * @return the verdict, naming every problem found
   */
  public Validation validate(AlertProvider provider) {
    Problems problems = new Problems();
    AlertProviderSpec spec = provider.getSpec();
    if (spec == null) {
      problems.add("InvalidSpec", "spec is required");
      return problems.toValidation("");
    }
    if (spec.type == null || !TYPES.contains(spec.type)) {
      problems.add(
          "UnknownProvider",
          "spec.type: unknown type '"
              + spec.type
              + "'; supported: slack, msteams, discord, rocket, gchat");
    }
    if (spec.proxy != null && !spec.proxy.isBlank() && !Urls.isHttpUrl(spec.proxy)) {
      problems.add("InvalidSpec", "spec.proxy is not an absolute http(s) URL");
    }
    boolean hasSecret = spec.secretRef != null && spec.secretRef.name != null;
    if (hasSecret) {
      checkSecret(provider.getMetadata().getNamespace(), spec.secretRef.name, problems);
    } else if (spec.address == null || spec.address.isBlank()) {
      problems.add("InvalidSpec", "spec.address or spec.secretRef is required");
    } else if (!Urls.isHttpUrl(spec.address)) {
      problems.add("InvalidSpec", "spec.address is not an absolute http(s) URL");
    }
    return problems.toValidation(
        "AlertProvider is valid: "
            + spec.type
            + " webhook address from "
            + (hasSecret ? "Secret " + spec.secretRef.name : "spec.address"));
  }

  private void checkSecret(String namespace, String name, Problems problems) {
    Optional<Secret> secret = secrets.find(namespace, name);
    if (secret.isEmpty()) {
      problems.add(
          "SecretNotFound", "spec.secretRef: Secret " + namespace + "/" + name + " not found");
      return;
    }
    Optional<String> address = value(secret.get(), "address");
    if (address.isEmpty()) {
      problems.add(
          "SecretKeyMissing",
          "spec.secretRef: Secret " + namespace + "/" + name + " has no key 'address'");
    } else if (!Urls.isHttpUrl(address.get())) {
      problems.add(
          "InvalidSecret",
          "spec.secretRef: the key 'address' of Secret "
              + namespace
              + "/"
              + name
              + " is not an absolute http(s) URL");
    }
  }

  private static Optional<String> value(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return Optional.of(secret.getStringData().get(key));
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        byte[] decoded = Base64.getMimeDecoder().decode(secret.getData().get(key));
        return Optional.of(new String(decoded, StandardCharsets.UTF_8).trim());
      } catch (IllegalArgumentException e) {
        return Optional.of("");
      }
    }
    return Optional.empty();
  }
}
