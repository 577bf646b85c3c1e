package dev.kanary.ship;

import dev.kanary.ship.Rbac.Permission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The reviewed list of what Kanary does with the Kubernetes API: every permission of the shipped
 * roles, the code that needs it, and the role that grants it. {@code ManifestsTest} checks that the
 * roles grant exactly this; {@code RbacRecordingTest} checks it against the requests the operator
 * really sends.
 */
final class RbacTable {

  /** The ClusterRole of everything but config tracking's writes and leader election. */
  static final String MAIN = "kanary";

  /** The ClusterRole of config tracking's {@code -primary} copies. */
  static final String CONFIG_TRACKING = "kanary-config-tracking";

  /** The Role of leader election, in the operator's namespace. */
  static final String LEADER_ELECTION = "kanary-leader-election";

  /**
   * One line of the table.
   *
   * @param role the role that grants it
   * @param group the API group, empty for the core group
   * @param resources the resources
   * @param verbs the verbs
   * @param why the code that needs it
   * @param unrecorded empty when the recording test must see every one of these permissions used,
   *     else why a request cannot show it
   */
  record Line(
      String role,
      String group,
      List<String> resources,
      List<String> verbs,
      String why,
      String unrecorded) {}

  /** The table. */
  static final List<Line> LINES =
      List.of(
          line(
              MAIN,
              "flagger.app",
              "canaries",
              "list,watch,patch",
              "CanaryReconciler: informer (list, watch), finalizer added and removed by JOSDK and"
                  + " Flagger's legacy finalizer removed by cleanup() (patch)"),
          new Line(
              MAIN,
              "flagger.app",
              List.of("canaries"),
              List.of("get"),
              "JOSDK's PrimaryUpdateAndCacheUtils.conflictRetryingPatch re-reads the Canary when a"
                  + " finalizer patch loses a race (HTTP 409)",
              "only on a write conflict, which the test does not provoke"),
          line(
              MAIN,
              "flagger.app",
              "metrictemplates,alertproviders",
              "get,list,watch",
              "MetricTemplateReconciler and AlertProviderReconciler informers; EngineProducer reads"
                  + " the template of a metric and the provider of an alert"),
          line(
              MAIN,
              "flagger.app",
              "canaries/status,metrictemplates/status,alertproviders/status",
              "patch",
              "UpdateControl.patchStatus of the three reconcilers (merge patch, SSA disabled)"),
          new Line(
              MAIN,
              "flagger.app",
              List.of("canaries/finalizers"),
              List.of("update"),
              "routers and workload controllers set blockOwnerDeletion owner references to the"
                  + " Canary (OwnerReferencesPermissionEnforcement admission)",
              "checked by the API server's admission on the owned object's write, not a request"),
          line(
              MAIN,
              "apps",
              "deployments,daemonsets",
              "get,list,watch,create,update,patch",
              "CanaryReconciler target informers; Deployment/DaemonSetController read the target,"
                  + " create and update the -primary, patch the target's scale"),
          line(
              MAIN,
              "",
              "configmaps,secrets",
              "get,list,watch",
              "CanaryReconciler config informers, MetricTemplate/AlertProvider Secret informers,"
                  + " ConfigTracker and EngineProducer reads"),
          line(
              MAIN,
              "",
              "services",
              "get,create,update",
              "KubernetesServiceRouter: apex, -primary and -canary Services (createOr update)"),
          line(MAIN, "", "events", "create", "KubernetesEventRecorder"),
          line(
              MAIN,
              "autoscaling",
              "horizontalpodautoscalers",
              "get,create,update",
              "HpaReconciler: the target's HPA read, the -primary HPA created and updated"),
          line(
              MAIN,
              "networking.istio.io",
              "virtualservices,destinationrules",
              "get,create,update",
              "IstioRouter"),
          line(
              MAIN,
              "gateway.networking.k8s.io",
              "httproutes",
              "get,create,update",
              "GatewayApiRouter (v1 and v1beta1)"),
          line(MAIN, "networking.k8s.io", "ingresses", "get,create,update", "NginxRouter"),
          line(
              CONFIG_TRACKING,
              "",
              "configmaps,secrets",
              "create,update,delete",
              "ConfigTracker: the -primary copies of tracked ConfigMaps and Secrets (delete and"
                  + " create when the source is immutable)"),
          new Line(
              LEADER_ELECTION,
              "coordination.k8s.io",
              List.of("leases"),
              List.of("get", "create", "update"),
              "leader election on a Lease (kanary.leader-election.*)",
              "leader election is off in the tests (one replica)"));

  private RbacTable() {}

  /**
   * The permissions the table gives a role.
   *
   * @param role the role's name
   * @return its permissions
   */
  static Set<Permission> of(String role) {
    return LINES.stream()
        .filter(line -> line.role().equals(role))
        .flatMap(RbacTable::expand)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Every permission of the table.
   *
   * @return them, sorted
   */
  static Set<Permission> all() {
    return LINES.stream().flatMap(RbacTable::expand).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The permissions a recording cannot show, with the reason.
   *
   * @return them, sorted
   */
  static Map<Permission, String> unrecorded() {
    Map<Permission, String> unrecorded = new TreeMap<>();
    for (Line line : LINES) {
      if (!line.unrecorded().isEmpty()) {
        expand(line).forEach(p -> unrecorded.put(p, line.unrecorded()));
      }
    }
    return unrecorded;
  }

  private static java.util.stream.Stream<Permission> expand(Line line) {
    return line.resources().stream()
        .flatMap(r -> line.verbs().stream().map(v -> new Permission(line.group(), r, v)));
  }

  private static Line line(String role, String group, String resources, String verbs, String why) {
    return new Line(role, group, List.of(resources.split(",")), List.of(verbs.split(",")), why, "");
  }
}
