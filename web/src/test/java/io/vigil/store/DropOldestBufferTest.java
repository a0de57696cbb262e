package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DropOldestBufferTest {

  @Test
  void dropsTheOldestWhenFull() {
    DropOldestBuffer<Integer> b = new DropOldestBuffer<>(3);
    for (int i = 1; i <= 5; i++) b.offer(i);
    assertEquals(2, b.dropped());
    assertEquals(List.of(3, 4, 5), b.drain(10));
  }

  @Test
  void aRequeuedBatchGoesBackInFrontAndLosesItsOldestWhenThereIsNoRoom() {
    DropOldestBuffer<Integer> b = new DropOldestBuffer<>(4);
    for (int i = 1; i <= 4; i++) b.offer(i);
    List<Integer> batch = b.drain(3); // 1, 2, 3 in flight
    b.offer(5);
    b.offer(6);
    b.requeue(batch); // room for one: 3 comes back, 1 and 2 are dropped
    assertEquals(2, b.dropped());
    assertEquals(List.of(3, 4, 5, 6), b.drain(10));
  }

  /** Against a model: order is kept, the newest survive, and offered = kept + dropped + taken. */
  @Property
  void behavesLikeABoundedDequeThatDropsOldest(@ForAll @IntRange(min = 1, max = 20) int capacity,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 3) Integer> ops) {
    DropOldestBuffer<Integer> b = new DropOldestBuffer<>(capacity);
    Deque<Integer> model = new ArrayDeque<>();
    List<Integer> inFlight = new ArrayList<>();
    long modelDropped = 0;
    long taken = 0;
    int next = 0;
    for (int op : ops) {
      switch (op) {
        case 0, 1 -> {
          b.offer(next);
          if (model.size() == capacity) {
            model.pollFirst();
            modelDropped++;
          }
          model.addLast(next++);
        }
        case 2 -> {
          if (!inFlight.isEmpty()) continue;
          inFlight = b.drain(3);
          for (int i = 0; i < inFlight.size(); i++) assertEquals(model.pollFirst(), inFlight.get(i));
        }
        default -> {
          if (inFlight.isEmpty()) continue;
          b.requeue(inFlight);
          for (int i = inFlight.size() - 1; i >= 0; i--) {
            if (model.size() == capacity) {
              modelDropped += i + 1;
              break;
            }
            model.addFirst(inFlight.get(i));
          }
          inFlight = List.of();
        }
      }
      assertEquals(model.size(), b.size());
      assertEquals(modelDropped, b.dropped());
    }
    taken += inFlight.size();
    assertEquals(new ArrayList<>(model), b.drain(Integer.MAX_VALUE));
    assertEquals(b.offered(), model.size() + modelDropped + taken);
  }
}
