package dev.atmosphere.ops.embedded;

import java.net.InetAddress;
import java.net.ServerSocket;

/** A child process that holds a port for a minute, as an orphaned registry holds its own (args: port, then any). */
public final class PortHolder {

  private PortHolder() {}

  public static void main(String[] args) throws Exception {
    try (ServerSocket socket = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress())) {
      System.out.println("listening");
      System.out.flush();
      Thread.sleep(60_000); // the process itself is what the test stops; it never waits on this
    }
  }
}
