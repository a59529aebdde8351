export { seedDemoUser, type SeedInput, type SeedOutcome } from "./seed";
