package dev.kanary.api.v1beta1;

import dev.kanary.api.v1beta1.spec.AlertProviderSpec;
import dev.kanary.api.v1beta1.status.AlertProviderStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Annotations;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A chat system (Slack, Teams, Discord, Rocket.Chat, Google Chat) that receives rollout alerts. */
@Group(Canary.GROUP)
@Version(Canary.VERSION)
@Plural("alertproviders")
@Singular("alertprovider")
@Categories("all")
@Annotations("helm.sh/resource-policy=keep")
@AdditionalPrinterColumn(
    name = "Type",
    jsonPath = ".spec.type",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
public class AlertProvider extends CustomResource<AlertProviderSpec, AlertProviderStatus>
    implements Namespaced {}
