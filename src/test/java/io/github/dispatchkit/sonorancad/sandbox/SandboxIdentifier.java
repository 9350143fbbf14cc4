package io.github.dispatchkit.sonorancad.sandbox;

import java.util.UUID;

/**
 * An identifier (unit) held by a {@link SonoranCadSandbox}, with every property Create Identifier stores.
 *
 * <p>Properties omitted from the Create Identifier request hold the spec's documented defaults.
 * {@code status} and {@code page} are the wire values of UNIT_STATUS and UNIT_PAGE. Instances are
 * snapshots: a later Set Unit Status replaces the stored identifier, not this object.
 *
 * @param identId the ID assigned at creation, increasing from 1
 * @param accountUuid the account that owns the identifier (the Create Identifier path's account)
 * @param status current UNIT_STATUS value
 * @param aop area of patrol
 * @param unitNum displayed unit number
 * @param name display name
 * @param district district name
 * @param department department name
 * @param subdivision subdivision name
 * @param rank rank label
 * @param group persistent group name
 * @param page UNIT_PAGE value
 * @param isDispatch whether the identifier is a dispatcher
 */
public record SandboxIdentifier(
    int identId,
    UUID accountUuid,
    int status,
    String aop,
    String unitNum,
    String name,
    String district,
    String department,
    String subdivision,
    String rank,
    String group,
    int page,
    boolean isDispatch) {

  SandboxIdentifier withStatus(int newStatus) {
    return new SandboxIdentifier(identId, accountUuid, newStatus, aop, unitNum, name, district, department,
        subdivision, rank, group, page, isDispatch);
  }
}
