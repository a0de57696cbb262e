package io.vigil.analytics;

/** The COCO classes Vigil tracks: people everywhere, vehicles for checkpoint counts. */
public enum ObjectClass {
  PERSON(0),
  CAR(2),
  MOTORCYCLE(3),
  BUS(5),
  TRUCK(7);

  private final int cocoIndex;

  ObjectClass(int cocoIndex) {
    this.cocoIndex = cocoIndex;
  }

  /** Index of the class in the COCO 80-class list that YOLOX is trained on. */
  public int cocoIndex() {
    return cocoIndex;
  }

  public boolean isVehicle() {
    return this != PERSON;
  }

  /** The class for a COCO index, or null when Vigil does not track that class. */
  public static ObjectClass ofCoco(int index) {
    for (ObjectClass c : values()) {
      if (c.cocoIndex == index) {
        return c;
      }
    }
    return null;
  }
}
