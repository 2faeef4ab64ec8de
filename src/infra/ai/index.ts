/**
 * `@baltra/sdk/ai`: the `AiAssistant` port (candidate summaries, lead qualification; both
 * zod-validated structured output), its OpenAI adapter and a deterministic in-memory fake.
 * `openai` is an optional peer: importing this entry loads no OpenAI module (it is loaded on
 * the first call of an `OpenAiAssistant` built without a client).
 *
 * @packageDocumentation
 */

export type { AiAssistant, AiCallOptions } from '../../domain/ai/ai-assistant.js';
export type { AiOutputProblem } from '../../domain/ai/ai-output-error.js';
export { AiOutputError } from '../../domain/ai/ai-output-error.js';
export type {
  AiLanguage,
  CandidateNote,
  CandidateSummary,
  CandidateSummaryRequest,
} from '../../domain/ai/candidate-summary.js';
export {
  AiLanguageSchema,
  CandidateNoteSchema,
  CandidateSummaryRequestSchema,
  CandidateSummarySchema,
} from '../../domain/ai/candidate-summary.js';
export type {
  LeadQualification,
  LeadQualificationRequest,
} from '../../domain/ai/lead-qualification.js';
export {
  LeadQualificationRequestSchema,
  LeadQualificationSchema,
} from '../../domain/ai/lead-qualification.js';
export { parseAiAnswer } from '../../domain/ai/parse-ai-answer.js';
// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
export type {
  BaltraErrorOptions,
  Candidate,
  CandidateSource,
  ErrorContext,
  FunnelStage,
  LeadField,
  RawLead,
  StageTransition,
  Vacancy,
} from '../../domain/index.js';
export {
  BaltraError,
  CandidateSchema,
  CandidateSourceSchema,
  FunnelStageSchema,
  InfrastructureError,
  LeadFieldSchema,
  RawLeadSchema,
  StageTransitionSchema,
  VacancySchema,
  ValidationError,
} from '../../domain/index.js';
export type {
  CircuitBreaker,
  CircuitBreakerPolicyOptions,
  CircuitBreakerState,
  InstrumentOptions,
  PolicyContext,
  ResilienceEvent,
  ResilienceListener,
  ResiliencePolicy,
  SpanIdentity,
  StartSpanOptions,
  Telemetry,
  TelemetryAttributes,
  TelemetryCounter,
  TelemetryGauge,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetrySpanKind,
} from '../../shared/index.js';
export type { EnvSource, Settings } from '../../shared/settings/define-settings.js';
export type {
  AiResilience,
  AiResilienceOptions,
  AiRetryOptions,
} from './ai-resilience.js';
export { createAiResilience } from './ai-resilience.js';
export type { AiSettings, ReadAiSettingsOptions } from './ai-settings.js';
export { aiSettingsSchema, readAiSettings } from './ai-settings.js';
export type {
  InMemoryAiAssistantOptions,
  InMemoryAiRequest,
} from './in-memory-ai-assistant.js';
export { InMemoryAiAssistant } from './in-memory-ai-assistant.js';
export { maskForPrompt } from './mask-for-prompt.js';
export type { OpenAiAssistantOptions } from './openai-assistant.js';
export { OpenAiAssistant } from './openai-assistant.js';
export type {
  OpenAiChatCompletion,
  OpenAiChatMessage,
  OpenAiChatRequest,
  OpenAiClient,
  OpenAiRequestOptions,
} from './openai-client.js';
export type { OpenAiErrorCode } from './openai-error.js';
export { OpenAiError } from './openai-error.js';
