package dev.kanary.sandbox.mesh;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The behaviour of each release in the sandbox, looked up by image tag: a tag set explicitly wins;
 * otherwise a tag ending in {@code -faulty} answers a quarter of its requests with HTTP 500, one
 * ending in {@code -slow} takes about a second, and every other tag is healthy.
 */
public final class ReleaseProfiles {

  private final Map<String, ReleaseProfile> byTag = new ConcurrentHashMap<>();

  /**
   * Sets how an image tag behaves.
   *
   * @param tag the tag, for example {@code 1.4.2}
   * @param profile its behaviour
   * @return these profiles
   */
  public ReleaseProfiles set(String tag, ReleaseProfile profile) {
    byTag.put(tag, profile);
    return this;
  }

  /**
   * The behaviour of an image.
   *
   * @param image an image reference, for example {@code quay.io/stefanprodan/podinfo:1.4.1}
   * @return its profile
   */
  public ReleaseProfile of(String image) {
    String tag = tagOf(image);
    ReleaseProfile set = byTag.get(tag);
    if (set != null) {
      return set;
    }
    if (tag.endsWith("-faulty")) {
      return ReleaseProfile.FAULTY;
    }
    return tag.endsWith("-slow") ? ReleaseProfile.SLOW : ReleaseProfile.HEALTHY;
  }

  /**
   * The tag of an image reference.
   *
   * @param image the image, possibly with a registry port and a digest
   * @return its tag, or {@code latest}
   */
  static String tagOf(String image) {
    if (image == null) {
      return "latest";
    }
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    return colon > slash ? name.substring(colon + 1) : "latest";
  }
}
