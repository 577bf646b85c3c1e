package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A metric query and the provider that runs it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricTemplateSpec {

  @Required
  @JsonPropertyDescription("The metric store that runs the query.")
  public MetricProviderSpec provider;

  @Required
  @JsonPropertyDescription(
      "The query, with placeholders such as {{ namespace }}, {{ target }}, {{ interval }} and"
          + " {{ variables.<key> }}.")
  public String query;
}
