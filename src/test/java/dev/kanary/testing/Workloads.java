package dev.kanary.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the Deployments, DaemonSets, Services and Ingresses tests put on a (mock) cluster, and
 * changes the image of a workload there as a user releasing a new version would.
 *
 * <p>Every workload runs one container named after it and selects its pods by the label {@code
 * app=<name>}.
 */
public final class Workloads {

  private Workloads() {}

  /**
   * Starts a Deployment of one container, with no labels of its own and no replica count.
   *
   * @param ns the namespace
   * @param name the Deployment's name, also its container's name and its pods' {@code app} label
   * @param image the container's image
   * @return a builder to complete, for example with replicas or a status
   */
  public static DeploymentBuilder deployment(String ns, String name, String image) {
    return new DeploymentBuilder()
        .withMetadata(metadata(ns, name))
        .withNewSpec()
        .withSelector(selector(name))
        .withTemplate(podTemplate(name, image))
        .endSpec();
  }

  /**
   * A Deployment as a canary's target: labelled {@code app=<name>} itself, two replicas, no
   * progress deadline.
   *
   * @param ns the namespace
   * @param name the Deployment's name
   * @param image the container's image
   * @return the Deployment
   */
  public static Deployment canaryTarget(String ns, String name, String image) {
    return deployment(ns, name, image)
        .withMetadata(labelled(ns, name))
        .editSpec()
        .withReplicas(2)
        .endSpec()
        .build();
  }

  /**
   * A Deployment as a canary's target, as {@link #canaryTarget(String, String, String)}, with a
   * progress deadline.
   *
   * @param ns the namespace
   * @param name the Deployment's name
   * @param image the container's image
   * @param progressDeadlineSeconds the seconds a rollout may take before it counts as failed
   * @return the Deployment
   */
  public static Deployment canaryTarget(
      String ns, String name, String image, int progressDeadlineSeconds) {
    Deployment deployment = canaryTarget(ns, name, image);
    deployment.getSpec().setProgressDeadlineSeconds(progressDeadlineSeconds);
    return deployment;
  }

  /**
   * Starts a DaemonSet of one container, with no labels of its own.
   *
   * @param ns the namespace
   * @param name the DaemonSet's name, also its container's name and its pods' {@code app} label
   * @param image the container's image
   * @return a builder to complete
   */
  public static DaemonSetBuilder daemonSet(String ns, String name, String image) {
    return new DaemonSetBuilder()
        .withMetadata(metadata(ns, name))
        .withNewSpec()
        .withSelector(selector(name))
        .withTemplate(podTemplate(name, image))
        .endSpec();
  }

  /**
   * A DaemonSet as a canary's target: labelled {@code app=<name>} itself.
   *
   * @param ns the namespace
   * @param name the DaemonSet's name
   * @param image the container's image
   * @return the DaemonSet
   */
  public static DaemonSet canaryTargetDaemonSet(String ns, String name, String image) {
    return daemonSet(ns, name, image).withMetadata(labelled(ns, name)).build();
  }

  /**
   * A Service that selects the pods labelled {@code app=<selected>}.
   *
   * @param ns the namespace
   * @param name the Service's name
   * @param selected the {@code app} label of the pods it selects
   * @return the Service, with no ports
   */
  public static Service service(String ns, String name, String selected) {
    return new ServiceBuilder()
        .withMetadata(metadata(ns, name))
        .withNewSpec()
        .withSelector(Map.of("app", selected))
        .endSpec()
        .build();
  }

  /**
   * An NGINX Ingress named after a Service, routing every path of {@code <service>.example.com} to
   * the Service's port 9898.
   *
   * @param ns the namespace
   * @param service the Service, also the Ingress' name
   * @return the Ingress
   */
  public static Ingress nginxIngress(String ns, String service) {
    return new IngressBuilder()
        .withMetadata(metadata(ns, service))
        .withNewSpec()
        .withIngressClassName("nginx")
        .addNewRule()
        .withHost(service + ".example.com")
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(service)
        .withNewPort()
        .withNumber(9898)
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }

  /**
   * Changes the image of a Deployment's first container on the cluster. Like {@code kubectl set
   * image}, the edit holds no resourceVersion, so the status or scale writes that race it do not
   * make it fail with a conflict.
   *
   * @param client the client to edit with
   * @param ns the namespace
   * @param name the Deployment
   * @param image the new image
   */
  public static void setImage(KubernetesClient client, String ns, String name, String image) {
    setImage(
        client.apps().deployments().inNamespace(ns).withName(name),
        d -> d.getSpec().getTemplate(),
        image);
  }

  /**
   * Changes the image of a DaemonSet's first container on the cluster. Like {@code kubectl set
   * image}, the edit holds no resourceVersion.
   *
   * @param client the client to edit with
   * @param ns the namespace
   * @param name the DaemonSet
   * @param image the new image
   */
  public static void setDaemonSetImage(
      KubernetesClient client, String ns, String name, String image) {
    setImage(
        client.apps().daemonSets().inNamespace(ns).withName(name),
        d -> d.getSpec().getTemplate(),
        image);
  }

  private static <T extends HasMetadata> void setImage(
      Resource<T> workload, Function<T, PodTemplateSpec> template, String image) {
    workload
        .unlock()
        .edit(
            w -> {
              template.apply(w).getSpec().getContainers().get(0).setImage(image);
              return w;
            });
  }

  private static ObjectMeta metadata(String ns, String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace(ns).build();
  }

  private static ObjectMeta labelled(String ns, String name) {
    return new ObjectMetaBuilder(metadata(ns, name)).withLabels(Map.of("app", name)).build();
  }

  private static LabelSelector selector(String name) {
    return new LabelSelectorBuilder().withMatchLabels(Map.of("app", name)).build();
  }

  private static PodTemplateSpec podTemplate(String name, String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }
}
