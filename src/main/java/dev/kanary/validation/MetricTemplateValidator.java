package dev.kanary.validation;

import dev.kanary.api.v1beta1.MetricTemplate;
import dev.kanary.api.v1beta1.spec.MetricProviderSpec;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks that a MetricTemplate names a provider Kanary can query, with what it needs. */
public final class MetricTemplateValidator {

  private final SecretLookup secrets;

  /**
   * Creates a validator.
   *
   * @param secrets where referenced Secrets are looked up
   */
  public MetricTemplateValidator(SecretLookup secrets) {
    this.secrets = secrets;
  }

  /**
   * Validates a MetricTemplate.
   *
   * @param template the template
   * @return the verdict, naming every problem found
   */
  public Validation validate(MetricTemplate template) {
    Problems problems = new Problems();
    if (template.getSpec() == null || template.getSpec().provider == null) {
      problems.add("InvalidSpec", "spec.provider is required");
      return problems.toValidation("");
    }
    MetricProviderSpec provider = template.getSpec().provider;
    Optional<MetricProviderRequirements> known = MetricProviderRequirements.of(provider.type);
    String supported = String.join(", ", MetricProviderRequirements.supportedTypes());
    if (known.isEmpty()) {
      problems.add(
          "UnknownProvider",
          "spec.provider.type: unknown provider type '"
              + provider.type
              + "'; supported: "
              + supported);
    } else if (!known.get().supported()) {
      problems.add(
          "UnsupportedProvider",
          "spec.provider.type: provider type '"
              + provider.type
              + "' is not supported by Kanary yet; supported: "
              + supported);
    } else {
      if (template.getSpec().query == null || template.getSpec().query.isBlank()) {
        problems.add("InvalidSpec", "spec.query is required");
      }
      checkAddress(provider, known.get(), problems);
      checkSecret(template.getMetadata().getNamespace(), provider, known.get(), problems);
    }
    return problems.toValidation(
        "MetricTemplate is valid: provider " + provider.type + describeAddress(provider));
  }

  private static void checkAddress(
      MetricProviderSpec provider, MetricProviderRequirements requirements, Problems problems) {
    if (provider.address == null || provider.address.isBlank()) {
      if (requirements.addressRequired()) {
        problems.add(
            "InvalidSpec", "spec.provider.address is required for provider type " + provider.type);
      }
    } else if (!Urls.isHttpUrl(provider.address)) {
      problems.add("InvalidSpec", "spec.provider.address is not an absolute http(s) URL");
    }
  }

  private void checkSecret(
      String namespace,
      MetricProviderSpec provider,
      MetricProviderRequirements requirements,
      Problems problems) {
    if (provider.secretRef == null || provider.secretRef.name == null) {
      if (requirements.secretRequired()) {
        problems.add(
            "InvalidSpec",
            "spec.provider.secretRef is required for provider type "
                + provider.type
                + " (keys "
                + describeKeySets(requirements.keySets())
                + ")");
      }
      return;
    }
    String name = provider.secretRef.name;
    Optional<Secret> secret = secrets.find(namespace, name);
    if (secret.isEmpty()) {
      problems.add(
          "SecretNotFound",
          "spec.provider.secretRef: Secret " + namespace + "/" + name + " not found");
      return;
    }
    Set<String> keys = SecretKeys.of(secret.get());
    if (!requirements.keySets().isEmpty()
        && requirements.keySets().stream().noneMatch(keys::containsAll)) {
      problems.add(
          "SecretKeyMissing",
          "spec.provider.secretRef: Secret "
              + namespace
              + "/"
              + name
              + " lacks the keys provider type "
              + provider.type
              + " needs: "
              + describeKeySets(requirements.keySets()));
    }
  }

  private static String describeKeySets(List<Set<String>> keySets) {
    return keySets.stream()
        .map(set -> set.stream().sorted().collect(Collectors.joining(" and ")))
        .collect(Collectors.joining(", or "));
  }

  private static String describeAddress(MetricProviderSpec provider) {
    return provider.address == null || provider.address.isBlank()
        ? " at its default address"
        : " at " + Redaction.url(provider.address);
  }
}
