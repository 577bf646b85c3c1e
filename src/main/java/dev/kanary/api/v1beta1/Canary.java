package dev.kanary.api.v1beta1;

import dev.kanary.api.v1beta1.spec.CanarySpec;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Annotations;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A progressive rollout of one workload: Flagger's {@code Canary} resource. */
@Group(Canary.GROUP)
@Version(Canary.VERSION)
@Plural("canaries")
@Singular("canary")
@Categories("all")
@Annotations("helm.sh/resource-policy=keep")
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Weight",
    jsonPath = ".status.canaryWeight",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Suspended",
    jsonPath = ".spec.suspend",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(
    name = "FailedChecks",
    jsonPath = ".status.failedChecks",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Interval",
    jsonPath = ".spec.analysis.interval",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Mirror",
    jsonPath = ".spec.analysis.mirror",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(
    name = "StepWeight",
    jsonPath = ".spec.analysis.stepWeight",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "StepWeights",
    jsonPath = ".spec.analysis.stepWeights",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "MaxWeight",
    jsonPath = ".spec.analysis.maxWeight",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "LastTransitionTime",
    jsonPath = ".status.lastTransitionTime",
    type = AdditionalPrinterColumn.Type.STRING)
public class Canary extends CustomResource<CanarySpec, CanaryStatus> implements Namespaced {

  /** The API group shared by all of Kanary's resources. */
  public static final String GROUP = "flagger.app";

  /** The only served and stored version. */
  public static final String VERSION = "v1beta1";
}
