package dev.kanary.api.v1beta1;

import dev.kanary.api.v1beta1.spec.MetricTemplateSpec;
import dev.kanary.api.v1beta1.status.MetricTemplateStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Annotations;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A reusable metric query and the metric store that answers it. */
@Group(Canary.GROUP)
@Version(Canary.VERSION)
@Plural("metrictemplates")
@Singular("metrictemplate")
@Categories("all")
@Annotations("helm.sh/resource-policy=keep")
@AdditionalPrinterColumn(
    name = "Provider",
    jsonPath = ".spec.provider.type",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
public class MetricTemplate extends CustomResource<MetricTemplateSpec, MetricTemplateStatus>
    implements Namespaced {}
