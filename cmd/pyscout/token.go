package main

import (
	"context"
	"net/url"
	"os/exec"
	"strings"
	"time"
)

// ghTokenCommand runs `gh auth token`; a variable so tests can replace it.
var ghTokenCommand = func(ctx context.Context, host string) (string, error) {
	path, err := exec.LookPath("gh")
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	args := []string{"auth", "token"}
	if host != "" && host != "github.com" {
		args = append(args, "--hostname", host)
	}
	out, err := exec.CommandContext(ctx, path, args...).Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// resolveToken finds a token in GH_TOKEN, then GITHUB_TOKEN, then the gh
// CLI's store. The token is never a flag: flags end up in shell history
// and process lists.
func resolveToken(ctx context.Context, getenv env, apiURL string) (token, source string) {
	for _, name := range []string{"GH_TOKEN", "GITHUB_TOKEN"} {
		if t := strings.TrimSpace(getenv(name)); t != "" {
			return t, name
		}
	}
	host := "github.com"
	if u, err := url.Parse(apiURL); err == nil && u.Host != "" && u.Host != "api.github.com" {
		host = u.Host
	}
	if t, err := ghTokenCommand(ctx, host); err == nil && t != "" {
		return t, "gh auth token"
	}
	return "", ""
}
