namespace Demarcate.Storage;

/// <summary>
/// The tables of accounts, keys, tokens and the journal, the same in both backends but for the names
/// of three column types.
/// </summary>
internal static class TrustSchema
{
    public static string[] Statements(string blob, string boolean, string bigint) =>
    [
        $"""
        CREATE TABLE accounts (
          account_id text PRIMARY KEY,
          user_name text NOT NULL UNIQUE,
          display_name text NOT NULL,
          party text REFERENCES parties(code),
          role text NOT NULL,
          password_hash text NOT NULL,
          failed_sign_ins integer NOT NULL,
          last_failure_at text,
          disabled {boolean} NOT NULL,
          created_at text NOT NULL,
          version integer NOT NULL)
        """,
        $"""
        CREATE TABLE signing_keys (
          key_id text PRIMARY KEY,
          account_id text NOT NULL REFERENCES accounts(account_id),
          public_key {blob} NOT NULL,
          salt {blob} NOT NULL,
          iterations integer NOT NULL,
          nonce {blob} NOT NULL,
          ciphertext {blob} NOT NULL,
          tag {blob} NOT NULL,
          created_at text NOT NULL,
          retired_at text)
        """,
        $"""
        CREATE TABLE api_tokens (
          token_id text PRIMARY KEY,
          account_id text NOT NULL REFERENCES accounts(account_id),
          name text NOT NULL,
          secret_hash {blob} NOT NULL,
          created_at text NOT NULL,
          expires_at text NOT NULL,
          revoked_at text)
        """,
        $"""
        CREATE TABLE journal (
          sequence {bigint} PRIMARY KEY,
          at text NOT NULL,
          actor text NOT NULL,
          action text NOT NULL,
          record_type text NOT NULL,
          record_id text NOT NULL,
          before text,
          after text,
          previous_hash {blob} NOT NULL,
          hash {blob} NOT NULL)
        """,
        $"""
        CREATE TABLE journal_heads (
          sequence {bigint} PRIMARY KEY,
          hash {blob} NOT NULL,
          signed_at text NOT NULL,
          signer_id text NOT NULL,
          signature {blob} NOT NULL)
        """,
        $"""
        CREATE TABLE sector_versions (
          sector_id text NOT NULL REFERENCES sectors(sector_id),
          number integer NOT NULL,
          geom_wkb {blob} NOT NULL,
          turning_points text NOT NULL,
          description text NOT NULL,
          canonical_hash {blob} NOT NULL,
          proposed_by text NOT NULL,
          proposed_at text NOT NULL,
          PRIMARY KEY (sector_id, number))
        """,
        $"""
        CREATE TABLE sector_signatures (
          sector_id text NOT NULL,
          number integer NOT NULL,
          account_id text NOT NULL REFERENCES accounts(account_id),
          party text NOT NULL REFERENCES parties(code),
          key_id text NOT NULL,
          signed_at text NOT NULL,
          hash {blob} NOT NULL,
          signature {blob} NOT NULL,
          PRIMARY KEY (sector_id, number, account_id),
          FOREIGN KEY (sector_id, number) REFERENCES sector_versions(sector_id, number))
        """,
        $"""
        CREATE TABLE journal_keys (
          key_id text PRIMARY KEY,
          public_key {blob} NOT NULL,
          created_at text NOT NULL)
        """,
    ];
}
