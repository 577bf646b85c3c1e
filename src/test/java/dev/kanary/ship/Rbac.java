package dev.kanary.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads RBAC roles from rendered manifests as flat sets of permissions. */
final class Rbac {

  private Rbac() {}

  /**
   * One verb on one resource of one API group.
   *
   * @param group the API group, empty for the core group
   * @param resource the resource, with its subresource as {@code canaries/status}
   * @param verb the verb
   */
  record Permission(String group, String resource, String verb) implements Comparable<Permission> {

    private static final Comparator<Permission> ORDER =
        Comparator.comparing(Permission::group)
            .thenComparing(Permission::resource)
            .thenComparing(Permission::verb);

    @Override
    public int compareTo(Permission other) {
      return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
  }

  /**
   * The permissions a Role or ClusterRole grants.
   *
   * @param role the role object
   * @return every (group, resource, verb) of its rules
   * @throws IllegalArgumentException when a rule uses resourceNames or nonResourceURLs, which this
   *     reading does not model
   */
  static Set<Permission> permissions(JsonNode role) {
    Set<Permission> permissions = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
        throw new IllegalArgumentException("unsupported rule " + rule);
      }
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            permissions.add(new Permission(group.asText(), resource.asText(), verb.asText()));
          }
        }
      }
    }
    return permissions;
  }

  /**
   * The roles bound to a ServiceAccount by the bindings among rendered objects.
   *
   * @param objects rendered objects
   * @param account the ServiceAccount's name
   * @param namespace the ServiceAccount's namespace
   * @return the bound Role and ClusterRole objects
   * @throws AssertionError when a binding names a role that is not rendered
   */
  static List<ObjectNode> rolesBoundTo(List<ObjectNode> objects, String account, String namespace) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().endsWith("RoleBinding"))
        .filter(
            binding -> {
              for (JsonNode subject : binding.path("subjects")) {
                if ("ServiceAccount".equals(subject.path("kind").asText())
                    && account.equals(subject.path("name").asText())
                    && namespace.equals(subject.path("namespace").asText())) {
                  return true;
                }
              }
              return false;
            })
        .map(
            binding ->
                Kustomize.find(
                    objects,
                    binding.path("roleRef").path("kind").asText(),
                    binding.path("roleRef").path("name").asText()))
        .toList();
  }
}
