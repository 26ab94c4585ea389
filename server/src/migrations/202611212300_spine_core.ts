import { type Kysely, sql } from "kysely";

/** The spine: regions and platforms, calendar, identity, subjects, audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table installation (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    );

    create table platform (
      code char(6) primary key check (code ~ '^[0-9]{6}$'),
      name text not null,
      level text not null check (level in ('province', 'city', 'county')),
      parent_code char(6) references platform(code),
      created_at timestamptz not null default now(),
      check ((level = 'province') = (parent_code is null))
    );

    create table department (
      code text primary key,
      platform_code char(6) not null references platform(code),
      industry text not null,
      name text not null,
      created_at timestamptz not null default now(),
      unique (platform_code, industry)
    );

    create table calendar_day (
      day date primary key,
      kind text not null check (kind in ('holiday', 'workday')),
      name text not null default '',
      source text not null check (source in ('chinese-days', 'operator')),
      updated_by bigint,
      updated_at timestamptz not null default now()
    );

    create table person (
      id bigint generated always as identity primary key,
      id_card char(18) not null unique,
      name text not null,
      phone text,
      created_at timestamptz not null default now()
    );

    create table subject (
      id bigint generated always as identity primary key,
      uscc char(18) not null unique,
      name text not null,
      subject_type text not null default 'legal_person',
      legal_representative text,
      legal_representative_phone text,
      registered_capital_fen bigint check (registered_capital_fen >= 0),
      registered_capital_currency char(3) not null default 'CNY',
      region_code char(6),
      address text,
      license_end_date date,
      industry_code text,
      basic_bank text,
      basic_branch_bank_no text,
      basic_account_no text,
      basic_account_name text,
      contact_name text,
      contact_phone text,
      contact_address text,
      email text,
      website text,
      zip_code text,
      legal_status text not null default 'active' check (legal_status in ('active', 'suspended', 'cancelled')),
      verification text not null default 'pending' check (verification in ('pending', 'verified', 'rejected')),
      registered_platform_code char(6) not null references platform(code),
      registered_by bigint,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index subject_name_idx on subject (name);

    create table subject_role (
      subject_id bigint not null references subject(id),
      role text not null,
      since timestamptz not null default now(),
      primary key (subject_id, role)
    );

    create table subject_qualification (
      id bigint generated always as identity primary key,
      subject_id bigint not null references subject(id),
      kind text not null check (kind in ('qualification', 'certificate', 'license', 'permit')),
      name text not null,
      certificate_no text not null,
      grade text,
      issuer text,
      valid_from date,
      valid_until date,
      withdrawn_at timestamptz,
      created_at timestamptz not null default now(),
      check (valid_until is null or valid_from is null or valid_until >= valid_from)
    );
    create index subject_qualification_subject_idx on subject_qualification (subject_id);

    create table subject_staff (
      id bigint generated always as identity primary key,
      subject_id bigint not null references subject(id),
      person_id bigint not null references person(id),
      position text not null,
      practice_certificate_no text,
      started_at timestamptz not null default now(),
      ended_at timestamptz
    );
    create unique index subject_staff_active_idx on subject_staff (subject_id, person_id) where ended_at is null;

    create table subject_history (
      id bigint generated always as identity primary key,
      subject_id bigint not null references subject(id),
      version integer not null,
      snapshot jsonb not null,
      changed_by bigint,
      changed_at timestamptz not null default now(),
      unique (subject_id, version)
    );

    create table user_account (
      id bigint generated always as identity primary key,
      username text not null unique,
      password_hash text not null,
      display_name text not null,
      role text not null,
      person_id bigint references person(id),
      subject_id bigint references subject(id),
      department_code text references department(code),
      platform_code char(6) not null references platform(code),
      status text not null default 'active' check (status in ('active', 'disabled')),
      failed_logins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      check ((role = 'supervisor') = (department_code is not null))
    );
    create index user_account_person_idx on user_account (person_id);

    create table user_certificate (
      id bigint generated always as identity primary key,
      user_id bigint not null references user_account(id),
      serial text not null unique,
      algorithm text not null check (algorithm in ('SM2', 'Ed25519')),
      public_key text not null,
      subject_dn text not null default '',
      valid_until timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table auth_session (
      id bigint generated always as identity primary key,
      token_hash char(64) not null unique,
      user_id bigint not null references user_account(id),
      method text not null check (method in ('password', 'certificate')),
      ip text not null,
      user_agent text not null default '',
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index auth_session_user_idx on auth_session (user_id);

    create table login_challenge (
      id bigint generated always as identity primary key,
      nonce char(64) not null unique,
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table audit_entry (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null default now(),
      actor_user_id bigint,
      actor_username text not null,
      actor_role text not null,
      actor_subject_uscc char(18),
      platform_code char(6),
      ip text not null,
      request_id text not null,
      action text not null,
      object_type text not null,
      object_id text not null,
      state_hash char(64),
      detail jsonb not null default '{}'
    );
    create index audit_entry_object_idx on audit_entry (object_type, object_id, id);

    create table audit_leaf (
      leaf_index bigint primary key,
      entry_id bigint not null unique references audit_entry(id),
      leaf_hash char(64) not null
    );

    create table audit_tree_head (
      tree_size bigint primary key,
      root_hash char(64) not null,
      signed_at timestamptz not null,
      key_id char(16) not null,
      signature text not null
    );

    create table audit_state (
      id integer primary key check (id = 1),
      frontier jsonb not null
    );
    insert into audit_state (id, frontier) values (1, '{"size":0,"hashes":[]}');

    create function audit_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only (% on %)', tg_op, tg_table_name;
    end $$;
    create trigger audit_entry_append_only before update or delete on audit_entry
      for each row execute function audit_append_only();
    create trigger audit_leaf_append_only before update or delete on audit_leaf
      for each row execute function audit_append_only();
    create trigger audit_tree_head_append_only before update or delete on audit_tree_head
      for each row execute function audit_append_only();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("the spine migration cannot be reverted: the audit log is append-only");
}
