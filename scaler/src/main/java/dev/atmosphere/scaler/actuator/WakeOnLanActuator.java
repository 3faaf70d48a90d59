package dev.atmosphere.scaler.actuator;

import dev.atmosphere.scaler.policy.ScalingPolicy;
import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleCommand;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.HexFormat;

/**
 * Wakes sleeping machines: on SCALE_UP sends a Wake-on-LAN magic packet (6 × 0xFF, then the MAC 16 times) by UDP
 * broadcast for each configured MAC address. A packet cannot switch a machine off, so SCALE_DOWN is reported as not
 * applied (the node's own idle policy sleeps it).
 */
public final class WakeOnLanActuator implements Actuator {

  private final ScalingPolicy.WakeOnLan target;

  public WakeOnLanActuator(ScalingPolicy.WakeOnLan target) {
    this.target = target;
  }

  /** The 102-byte magic packet for {@code mac} ("00:11:22:33:44:55" or with dashes). */
  public static byte[] magicPacket(String mac) {
    byte[] address = HexFormat.of().parseHex(mac.replace(":", "").replace("-", ""));
    if (address.length != 6) {
      throw new IllegalArgumentException("'" + mac + "' is not a 6-byte MAC address");
    }
    byte[] packet = new byte[6 + 16 * 6];
    for (int i = 0; i < 6; i++) {
      packet[i] = (byte) 0xFF;
    }
    for (int i = 0; i < 16; i++) {
      System.arraycopy(address, 0, packet, 6 + i * 6, 6);
    }
    return packet;
  }

  @Override
  public Outcome apply(ScaleCommand command) {
    if (command.getAction() != ScaleAction.SCALE_UP) {
      return new Outcome(false, "wake-on-lan cannot scale down; sleeping is the node's own idle policy");
    }
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setBroadcast(true);
      InetAddress to = InetAddress.getByName(target.broadcast());
      for (String mac : target.macAddresses()) {
        byte[] packet = magicPacket(mac);
        socket.send(new DatagramPacket(packet, packet.length, to, target.port()));
      }
      return new Outcome(true, "magic packet sent to " + target.macAddresses() + " via " + target.broadcast() + ":"
          + target.port());
    } catch (IOException e) {
      return new Outcome(false, "wake-on-lan packet not sent: " + e.getMessage());
    }
  }
}
