/*
 * plugin_list.h - the built-in plugins, one DFT_PLUGIN(name) line each. Expanded only in
 * core/pipeline/registry.c (the one place this X-macro is allowed). Each plugin defines
 * `const dft_plugin dft_plugin_<name>` in plugins/<name>/.
 */
DFT_PLUGIN(chat)
DFT_PLUGIN(chat_decrypt)
DFT_PLUGIN(chat_export)
DFT_PLUGIN(crypto_scan)
DFT_PLUGIN(documents)
DFT_PLUGIN(notes)
DFT_PLUGIN(roster)
DFT_PLUGIN(scam_text)
DFT_PLUGIN(sqlite_carve)
DFT_PLUGIN(sqlite_inventory)
DFT_PLUGIN(wallet_apps)
DFT_PLUGIN(wallet_files)
