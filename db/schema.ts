// The one `Database` type: every table Kysely may touch, typed end to end.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type {
  ComponentKind, Criticality, DataCategory, EuAiActClass, Lifecycle, SupplierStatus, UpdateCadence,
} from "../app/domain/inventory";
import type { Role } from "../app/domain/permissions";

/** A timestamp column the database fills in (default now()) but code may also set. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string, string>;


export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  disabled_at: NullableTimestamp;
  last_sign_in_at: NullableTimestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  kind: "staff" | "vendor";
  user_id: string | null;
  created_at: CreatedAt;
  last_seen_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  purpose: "sign_in" | "invite";
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: Timestamp;
  hits: number;
}

export interface EmailsTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  template: string;
  html: string | null;
  text_body: string | null;
  status: "queued" | "sent" | "stored" | "failed";
  attempts: Generated<number>;
  error: string | null;
  created_at: CreatedAt;
  sent_at: NullableTimestamp;
}

export type ActorType = "user" | "vendor" | "system" | "cli";

export interface AuditEventsTable {
  seq: Generated<string>; // bigint comes back from pg as a string
  at: Timestamp;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}


export interface SuppliersTable {
  id: Generated<string>;
  external_id: string | null;
  name: string;
  legal_name: string | null;
  website: string | null;
  country: string | null;
  status: SupplierStatus;
  procurement_owner_id: string | null;
  notes: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  archived_at: NullableTimestamp;
}

export interface SupplierContactsTable {
  id: Generated<string>;
  supplier_id: string;
  external_id: string | null;
  name: string;
  email: string;
  title: string | null;
  is_primary: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}


export interface AiComponentsTable {
  id: Generated<string>;
  supplier_id: string;
  external_id: string | null;
  kind: ComponentKind;
  name: string;
  version: string | null;
  model_family: string | null;
  update_cadence: UpdateCadence;
  update_interval_days: number | null;
  is_gpai: Generated<boolean>;
  data_residency: string | null;
  description: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  archived_at: NullableTimestamp;
}


export interface AiSystemsTable {
  id: Generated<string>;
  external_id: string | null;
  name: string;
  purpose: string | null;
  owner_id: string | null;
  business_unit: string | null;
  criticality: Criticality;
  eu_ai_act_class: EuAiActClass;
  lifecycle: Lifecycle;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  archived_at: NullableTimestamp;
}


export interface AiSystemDependenciesTable {
  id: Generated<string>;
  ai_system_id: string;
  ai_component_id: string;
  purpose: string | null;
  data_categories: ColumnType<DataCategory[], DataCategory[] | undefined, DataCategory[]>;
  since: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  login_tokens: LoginTokensTable;
  rate_limits: RateLimitsTable;
  emails: EmailsTable;
  audit_events: AuditEventsTable;
  suppliers: SuppliersTable;
  supplier_contacts: SupplierContactsTable;
  ai_components: AiComponentsTable;
  ai_systems: AiSystemsTable;
  ai_system_dependencies: AiSystemDependenciesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type Supplier = Selectable<SuppliersTable>;
export type AiComponent = Selectable<AiComponentsTable>;
export type AiSystem = Selectable<AiSystemsTable>;
