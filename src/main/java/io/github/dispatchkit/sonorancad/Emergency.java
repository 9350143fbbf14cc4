package io.github.dispatchkit.sonorancad;

/** The Emergency group of the API, as in Sonoran's documentation: units and identifiers. */
public final class Emergency {
  private final Units units;
  private final Identifiers identifiers;

  Emergency(Units units, Identifiers identifiers) {
    this.units = units;
    this.identifiers = identifiers;
  }

  /** Returns the Emergency / Units operations. */
  public Units units() {
    return units;
  }

  /** Returns the Emergency / Identifiers operations. */
  public Identifiers identifiers() {
    return identifiers;
  }
}
