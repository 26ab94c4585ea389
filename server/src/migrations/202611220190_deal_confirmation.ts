import { type Kysely, sql } from "kysely";

/**
 * 成交确认书 of a sold auction lot (data sets 601 / 651·656 / 701·753) and, for a 国有产权 deal below 90% of
 * the appraisal, the approving body's written consent that must precede it (32号令第十八条 [mem]).
 *
 * - `auction_deal_approval`: the consent (approving body, document number, date), recorded once by the centre.
 * - `deal_confirmation`: the document as canonical JSON text (kept byte for byte), its SHA-256 and SM3, and the
 *   trading platform's SM2 signature over the text. Only the two acknowledgements (签收) may change later;
 *   a trigger refuses any change of the document, its digests or its signature, and any deletion.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table auction_deal_approval (
      lot_id bigint primary key references auction_lot(id),
      approving_body text not null,
      document_no text not null,
      approved_on date not null,
      note text not null default '',
      recorded_by bigint not null references user_account(id),
      recorded_at timestamptz not null
    )
  `.execute(db);
  await sql`
    create table deal_confirmation (
      lot_id bigint primary key references auction_lot(id),
      platform_code char(6) not null references platform(code),
      document_no text not null unique,
      document text not null,
      sha256 char(64) not null unique,
      sm3 char(64) not null,
      signature text not null,
      signer_holder text not null references custodian_key(holder),
      signer_public_key text not null,
      issued_by bigint not null references user_account(id),
      issued_at timestamptz not null,
      buyer_signed_at timestamptz,
      buyer_signed_by bigint references user_account(id),
      seller_signed_at timestamptz,
      seller_signed_by bigint references user_account(id),
      check ((buyer_signed_at is null) = (buyer_signed_by is null)),
      check ((seller_signed_at is null) = (seller_signed_by is null))
    )
  `.execute(db);
  await sql`
    create function deal_confirmation_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'deal_confirmation is never deleted';
      end if;
      if new.document is distinct from old.document or new.sha256 is distinct from old.sha256 or new.sm3 is distinct from old.sm3
        or new.signature is distinct from old.signature or new.signer_public_key is distinct from old.signer_public_key
        or new.document_no is distinct from old.document_no or new.issued_at is distinct from old.issued_at
        or (old.buyer_signed_at is not null and new.buyer_signed_at is distinct from old.buyer_signed_at)
        or (old.seller_signed_at is not null and new.seller_signed_at is distinct from old.seller_signed_at) then
        raise exception 'a signed deal_confirmation is immutable';
      end if;
      return new;
    end $$
  `.execute(db);
  await sql`
    create trigger deal_confirmation_immutable before update or delete on deal_confirmation
    for each row execute function deal_confirmation_immutable()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table deal_confirmation`.execute(db);
  await sql`drop function deal_confirmation_immutable`.execute(db);
  await sql`drop table auction_deal_approval`.execute(db);
}
