// Package seeds embeds neardup's first corpus and golden test: five news pages about
// Belarus–Russia relations, scraped from the web, with the site boilerplate they came with and,
// in 004_*, four passages that restate one announcement in other words. See README.md.
package seeds

import "embed"

// FS holds the seed articles as *.txt files at its root.
//
//go:embed *.txt
var FS embed.FS
