package dev.kanary.ship;

import dev.kanary.ship.Rbac.Permission;
import java.util.Arrays;
import java.util.List;

/** Maps a Kubernetes API request to the RBAC permission it needs. */
final class ApiRequests {

  private ApiRequests() {}

  /**
   * The permission a request needs.
   *
   * @param method the HTTP method
   * @param pathAndQuery the request path with its query
   * @return the permission, or null when the path is not a resource path
   */
  static Permission permission(String method, String pathAndQuery) {
    String[] parts = pathAndQuery.split("\\?", 2);
    String query = parts.length > 1 ? parts[1] : "";
    List<String> segments = Arrays.stream(parts[0].split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    List<String> rest;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      rest = segments.subList(2, segments.size());
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      rest = segments.subList(3, segments.size());
    } else {
      return null;
    }
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) {
      return null;
    }
    String resource = rest.size() == 3 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
    boolean named = rest.size() >= 2;
    String verb =
        switch (method) {
          case "GET" -> watch(query) ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> null;
        };
    return verb == null ? null : new Permission(group, resource, verb);
  }

  private static boolean watch(String query) {
    for (String parameter : query.split("&")) {
      if (parameter.equals("watch=true") || parameter.equals("watch=1")) {
        return true;
      }
    }
    return false;
  }
}
