/**
 * Reassembly below the transport layer: IPv4 fragments put back into whole datagrams, within
 * fixed memory and time bounds, before connection tracking sees them.
 */
package dev.tattler.reassembly;
