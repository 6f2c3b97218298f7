export * from "./proxmox-provider";
export * from "./download-file";
export * from "./virtual-environment-file";
export * from "./network-linux-bridge";
export * from "./network-linux-vlan";
export * from "./virtual-environment-vm";
