package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.generated.model.Call911Data;
import io.github.dispatchkit.sonorancad.generated.model.CharacterSelectedData;
import io.github.dispatchkit.sonorancad.generated.model.CommunityLinkVerifiedData;
import io.github.dispatchkit.sonorancad.generated.model.DispatchClosedData;
import io.github.dispatchkit.sonorancad.generated.model.DispatchEventData;
import io.github.dispatchkit.sonorancad.generated.model.DispatchNoteData;
import io.github.dispatchkit.sonorancad.generated.model.DispatchUnitData;
import io.github.dispatchkit.sonorancad.generated.model.NewCalloutData;
import io.github.dispatchkit.sonorancad.generated.model.PagerRebornData;
import io.github.dispatchkit.sonorancad.generated.model.RecordEventData;
import io.github.dispatchkit.sonorancad.generated.model.Remove911Data;
import io.github.dispatchkit.sonorancad.generated.model.StationAlertData;
import io.github.dispatchkit.sonorancad.generated.model.StreetSignUpdatedData;
import io.github.dispatchkit.sonorancad.generated.model.ToggleBodycamData;
import io.github.dispatchkit.sonorancad.generated.model.ToneData;
import io.github.dispatchkit.sonorancad.generated.model.UnitGroupAddData;
import io.github.dispatchkit.sonorancad.generated.model.UnitGroupNameChangeData;
import io.github.dispatchkit.sonorancad.generated.model.UnitGroupRemoveData;
import io.github.dispatchkit.sonorancad.generated.model.UnitLoginData;
import io.github.dispatchkit.sonorancad.generated.model.UnitLogoutData;
import io.github.dispatchkit.sonorancad.generated.model.UnitPanicData;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatusData;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A documented push-event type and the generated class of its {@code data}.
 *
 * <p>One constant per push-event type of the curated spec {@code openapi/sonoran-cad-v2.yaml}, where
 * {@code x-event-types} names the data schema of each. Register a handler with
 * {@link SonoranCadEvents#on}; a type not listed here reaches {@link SonoranCadEvents#onOther}.
 * Immutable; constants are singletons.
 *
 * @param <T> the generated class of the event's data
 */
public final class EventType<T> {
  /** {@code EVENT_COMMUNITY_LINK_VERIFIED}: A player completed the CAD link flow of Create Community Link. */
  public static final EventType<CommunityLinkVerifiedData> COMMUNITY_LINK_VERIFIED = new EventType<>("EVENT_COMMUNITY_LINK_VERIFIED", CommunityLinkVerifiedData.class);

  /** {@code EVENT_RECORD_ADD}: A record was added in the CAD (not through the API). */
  public static final EventType<RecordEventData> RECORD_ADD = new EventType<>("EVENT_RECORD_ADD", RecordEventData.class);

  /** {@code EVENT_RECORD_EDIT}: A record was changed in the CAD (not through the API). */
  public static final EventType<RecordEventData> RECORD_EDIT = new EventType<>("EVENT_RECORD_EDIT", RecordEventData.class);

  /** {@code EVENT_RECORD_REMOVE}: A record was removed in the CAD (not through the API). */
  public static final EventType<RecordEventData> RECORD_REMOVE = new EventType<>("EVENT_RECORD_REMOVE", RecordEventData.class);

  /** {@code EVENT_UNIT_PANIC}: A unit toggled panic. */
  public static final EventType<UnitPanicData> UNIT_PANIC = new EventType<>("EVENT_UNIT_PANIC", UnitPanicData.class);

  /** {@code EVENT_UNIT_LOGIN}: A unit logged in. */
  public static final EventType<UnitLoginData> UNIT_LOGIN = new EventType<>("EVENT_UNIT_LOGIN", UnitLoginData.class);

  /** {@code EVENT_UNIT_LOGOUT}: A unit logged out. */
  public static final EventType<UnitLogoutData> UNIT_LOGOUT = new EventType<>("EVENT_UNIT_LOGOUT", UnitLogoutData.class);

  /** {@code EVENT_UNIT_STATUS}: Units' status changed: either full {@code units}, or {@code identIds} with a {@code status}. */
  public static final EventType<UnitStatusData> UNIT_STATUS = new EventType<>("EVENT_UNIT_STATUS", UnitStatusData.class);

  /** {@code EVENT_UNIT_GROUP_CHANGE_NAME}: A unit group was renamed. */
  public static final EventType<UnitGroupNameChangeData> UNIT_GROUP_CHANGE_NAME = new EventType<>("EVENT_UNIT_GROUP_CHANGE_NAME", UnitGroupNameChangeData.class);

  /** {@code EVENT_UNIT_GROUP_ADD}: A unit was added to a unit group. */
  public static final EventType<UnitGroupAddData> UNIT_GROUP_ADD = new EventType<>("EVENT_UNIT_GROUP_ADD", UnitGroupAddData.class);

  /** {@code EVENT_UNIT_GROUP_REMOVE}: A unit was removed from a unit group. */
  public static final EventType<UnitGroupRemoveData> UNIT_GROUP_REMOVE = new EventType<>("EVENT_UNIT_GROUP_REMOVE", UnitGroupRemoveData.class);

  /** {@code EVENT_DISPATCH_NEW}: A dispatch call was created (not through the API). */
  public static final EventType<DispatchEventData> DISPATCH_NEW = new EventType<>("EVENT_DISPATCH_NEW", DispatchEventData.class);

  /** {@code EVENT_DISPATCH_EDIT}: A dispatch call was changed (not through the API). */
  public static final EventType<DispatchEventData> DISPATCH_EDIT = new EventType<>("EVENT_DISPATCH_EDIT", DispatchEventData.class);

  /** {@code EVENT_DISPATCH_CLOSED}: Dispatch calls were closed (not through the API). */
  public static final EventType<DispatchClosedData> DISPATCH_CLOSED = new EventType<>("EVENT_DISPATCH_CLOSED", DispatchClosedData.class);

  /** {@code EVENT_DISPATCH_NOTE}: A note was added to a dispatch call (not through the API). */
  public static final EventType<DispatchNoteData> DISPATCH_NOTE = new EventType<>("EVENT_DISPATCH_NOTE", DispatchNoteData.class);

  /** {@code EVENT_DISPATCH_UNIT_ATTACH}: Units were attached to a dispatch call (not through the API). */
  public static final EventType<DispatchUnitData> DISPATCH_UNIT_ATTACH = new EventType<>("EVENT_DISPATCH_UNIT_ATTACH", DispatchUnitData.class);

  /** {@code EVENT_DISPATCH_UNIT_DETACH}: Units were detached from a dispatch call (not through the API). */
  public static final EventType<DispatchUnitData> DISPATCH_UNIT_DETACH = new EventType<>("EVENT_DISPATCH_UNIT_DETACH", DispatchUnitData.class);

  /** {@code EVENT_DISPATCH_TOGGLE_BODYCAM}: A unit's bodycam was turned on or off. */
  public static final EventType<ToggleBodycamData> DISPATCH_TOGGLE_BODYCAM = new EventType<>("EVENT_DISPATCH_TOGGLE_BODYCAM", ToggleBodycamData.class);

  /** {@code EVENT_911}: A 911 call was placed, through the API or in the CAD. */
  public static final EventType<Call911Data> CALL_911 = new EventType<>("EVENT_911", Call911Data.class);

  /** {@code EVENT_REMOVE_911}: 911 calls were removed. */
  public static final EventType<Remove911Data> REMOVE_911 = new EventType<>("EVENT_REMOVE_911", Remove911Data.class);

  /** {@code EVENT_STREETSIGN_UPDATED}: A street sign was updated from the CAD. */
  public static final EventType<StreetSignUpdatedData> STREETSIGN_UPDATED = new EventType<>("EVENT_STREETSIGN_UPDATED", StreetSignUpdatedData.class);

  /** {@code EVENT_TONE}: A tone was played in the CAD. */
  public static final EventType<ToneData> TONE = new EventType<>("EVENT_TONE", ToneData.class);

  /** {@code EVENT_CHAR_SELECTED}: A user selected a character on the civilian page. */
  public static final EventType<CharacterSelectedData> CHAR_SELECTED = new EventType<>("EVENT_CHAR_SELECTED", CharacterSelectedData.class);

  /** {@code EVENT_NEW_CALLOUT}: An ERS callout was requested on the live map. */
  public static final EventType<NewCalloutData> NEW_CALLOUT = new EventType<>("EVENT_NEW_CALLOUT", NewCalloutData.class);

  /** {@code EVENT_PAGER_REBORN}: An Inferno page was sent. */
  public static final EventType<PagerRebornData> PAGER_REBORN = new EventType<>("EVENT_PAGER_REBORN", PagerRebornData.class);

  /** {@code EVENT_STATION_ALERT}: A station alert was sent. */
  public static final EventType<StationAlertData> STATION_ALERT = new EventType<>("EVENT_STATION_ALERT", StationAlertData.class);

  private static final List<EventType<?>> VALUES = List.of(COMMUNITY_LINK_VERIFIED, RECORD_ADD, RECORD_EDIT, RECORD_REMOVE, UNIT_PANIC, UNIT_LOGIN, UNIT_LOGOUT, UNIT_STATUS, UNIT_GROUP_CHANGE_NAME, UNIT_GROUP_ADD, UNIT_GROUP_REMOVE, DISPATCH_NEW, DISPATCH_EDIT, DISPATCH_CLOSED, DISPATCH_NOTE, DISPATCH_UNIT_ATTACH, DISPATCH_UNIT_DETACH, DISPATCH_TOGGLE_BODYCAM, CALL_911, REMOVE_911, STREETSIGN_UPDATED, TONE, CHAR_SELECTED, NEW_CALLOUT, PAGER_REBORN, STATION_ALERT);

  private final String name;
  private final Class<T> dataClass;

  private EventType(String name, Class<T> dataClass) {
    this.name = name;
    this.dataClass = dataClass;
  }

  /** Returns every documented type, in the contract's order. */
  public static List<EventType<?>> values() {
    return VALUES;
  }

  /**
   * Returns the documented type named {@code name}, compared ignoring case (the FiveM resource
   * upper-cases types before matching them too).
   *
   * @return the type, or empty for a name this client does not know
   */
  public static Optional<EventType<?>> of(String name) {
    Objects.requireNonNull(name, "name == null");
    String upper = name.toUpperCase(Locale.ROOT);
    for (EventType<?> type : VALUES) {
      if (type.name.equals(upper)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** Returns the wire name, such as {@code "EVENT_UNIT_STATUS"}. */
  public String name() {
    return name;
  }

  /** Returns the generated class of this type's data. */
  public Class<T> dataClass() {
    return dataClass;
  }

  @Override
  public String toString() {
    return name;
  }
}
