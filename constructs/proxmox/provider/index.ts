export * from "./proxmox-provider";
export * from "./random-password";
export * from "./virtual-environment-download-file";
export * from "./virtual-environment-file";
export * from "./virtual-environment-network-linux-bridge";
export * from "./virtual-environment-vm";
export * from "./resource-config";
