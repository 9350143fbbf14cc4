package io.github.dispatchkit.sonorancad.sandbox;

/** Thrown by a stateful handler for a problem+json answer, such as 404 for a call ID that does not exist. */
final class SandboxProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  SandboxProblem(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  /** Returns a 404 naming what was not found. */
  static SandboxProblem notFound(String detail) {
    return new SandboxProblem(404, detail);
  }

  int status() {
    return status;
  }
}
