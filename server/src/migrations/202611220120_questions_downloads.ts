import { type Kysely, sql } from "kysely";

/**
 * 招标文件 and its logged download, and 答疑 (anonymous questions about the documents).
 *
 * - `tender_document`: a file of the tender documents as the tenderer (or its agency) uploaded it, with
 *   its SHA-256 and SM3. Audited; its bytes live in `tender_document_file`, which the audit log does not
 *   fingerprint row by row: the hashes in the audited row cover them, and every download re-checks them.
 * - `tender_document_download`: who (account, subject), when (server clock), from where (the client IP
 *   as the platform resolves it) and which file with which hash. Secret until the opening.
 * - `tender_question`: a registered bidder's question; the answer may point at the clarification
 *   (法23, 条例21) that changed the documents because of it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tender_document (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      file_name text not null,
      media_type text not null,
      size bigint not null check (size >= 0),
      sha256 char(64) not null,
      sm3 char(64) not null,
      clarification_id bigint references tender_clarification(id),
      uploaded_by bigint not null references user_account(id),
      uploaded_at timestamptz not null
    );
    create index tender_document_section_idx on tender_document (section_id);

    create table tender_document_file (
      document_id bigint primary key references tender_document(id),
      content bytea not null
    );

    create table tender_document_download (
      id bigint generated always as identity primary key,
      document_id bigint not null references tender_document(id),
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      user_id bigint not null references user_account(id),
      role text not null,
      subject_id bigint references subject(id),
      ip text not null,
      downloaded_at timestamptz not null,
      sha256 char(64) not null,
      sm3 char(64) not null
    );
    create index tender_document_download_section_idx on tender_document_download (section_id);

    create table tender_question (
      id bigint generated always as identity primary key,
      section_id bigint not null references tender_section(id),
      platform_code char(6) not null references platform(code),
      asked_by_subject_id bigint not null references subject(id),
      asked_by bigint not null references user_account(id),
      asked_at timestamptz not null,
      content text not null,
      answer text,
      answered_by bigint references user_account(id),
      answered_at timestamptz,
      clarification_id bigint references tender_clarification(id),
      check ((answer is null) = (answered_at is null)),
      check (clarification_id is null or answer is not null)
    );
    create index tender_question_section_idx on tender_question (section_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("tender documents, downloads and questions are kept; this migration is not reverted");
}
