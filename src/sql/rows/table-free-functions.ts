// Built-in functions that neither read nor write user tables, so a call to one does not make a
// statement opaque. Any other function (user-defined, or a built-in like query_to_xml that runs
// SQL given as text) may touch any table. Matched by name when unqualified or in pg_catalog:
// a user function of the same name earlier on the search path would fool this, which is the
// price of not having the catalog here.

const names = `
  now clock_timestamp statement_timestamp transaction_timestamp timeofday date_trunc date_part
  date_bin extract age make_date make_time make_timestamp make_timestamptz make_interval
  to_timestamp to_date to_char to_number justify_days justify_hours justify_interval isfinite
  lower upper initcap length char_length character_length octet_length bit_length substr
  substring position strpos replace translate trim btrim ltrim rtrim lpad rpad left right repeat
  reverse split_part concat concat_ws format quote_ident quote_literal quote_nullable md5 sha224
  sha256 sha384 sha512 encode decode convert_from convert_to regexp_replace regexp_match
  regexp_matches regexp_split_to_array regexp_split_to_table regexp_like regexp_count
  regexp_instr regexp_substr starts_with string_to_array string_to_table array_to_string chr
  ascii overlay normalize unistr casefold
  abs ceil ceiling floor round trunc mod power pow sqrt cbrt exp ln log log10 sign random
  random_normal div gcd lcm width_bucket pi degrees radians sin cos tan asin acos atan atan2
  scale min_scale trim_scale factorial
  gen_random_uuid uuid_generate_v1 uuid_generate_v1mc uuid_generate_v4 uuidv4 uuidv7
  uuid_extract_timestamp uuid_extract_version
  json_build_object jsonb_build_object json_build_array jsonb_build_array json_object
  jsonb_object to_json to_jsonb json_agg jsonb_agg json_object_agg jsonb_object_agg jsonb_set
  jsonb_set_lax jsonb_insert jsonb_strip_nulls json_strip_nulls jsonb_pretty json_extract_path
  jsonb_extract_path json_extract_path_text jsonb_extract_path_text row_to_json array_to_json
  json_array_elements jsonb_array_elements json_array_elements_text jsonb_array_elements_text
  json_each jsonb_each json_each_text jsonb_each_text json_typeof jsonb_typeof json_object_keys
  jsonb_object_keys json_array_length jsonb_array_length jsonb_path_query jsonb_path_exists
  jsonb_path_match jsonb_path_query_array jsonb_path_query_first
  array_agg string_agg count sum avg min max bool_and bool_or every bit_and bit_or bit_xor
  stddev variance percentile_cont percentile_disc mode
  array_append array_prepend array_cat array_length array_lower array_upper array_ndims
  array_dims array_position array_positions array_remove array_replace array_fill
  array_reverse array_sort array_shuffle array_sample cardinality unnest generate_series
  generate_subscripts
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value
  nth_value
  setval nextval currval lastval set_config current_setting current_database current_schema
  current_schemas current_user session_user version pg_backend_pid txid_current
  pg_current_xact_id inet_client_addr pg_sleep pg_advisory_lock pg_advisory_unlock
  pg_advisory_xact_lock pg_try_advisory_lock pg_try_advisory_xact_lock pg_advisory_unlock_all
  lo_create lo_open lo_close lowrite loread lo_unlink lo_from_bytea lo_put lo_get lo_truncate
  lo_lseek lo_tell lo_creat
  to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery setweight
  ts_rank ts_headline
  int2 int4 int8 float4 float8 numeric text bool date timestamp timestamptz interval varchar
  bpchar uuid inet cidr macaddr point bytea
  host masklen netmask network broadcast family
  crypt gen_salt digest hmac gen_random_bytes pgp_sym_encrypt pgp_sym_decrypt
  hashtext hashtextextended
`;

const tableFree: ReadonlySet<string> = new Set(names.trim().split(/\s+/));

/** True when the function cannot read or write a user table (see the caveat above). */
export function isTableFreeFunction(schema: string | null, name: string): boolean {
  return (schema === null || schema === 'pg_catalog') && tableFree.has(name);
}
