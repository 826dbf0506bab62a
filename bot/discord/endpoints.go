package discord

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// discordgo keeps its REST endpoints in package variables, computed once
// from "https://discord.com/" when the program starts. They are globals, so
// they can be pointed elsewhere only once per process, before any session
// exists; apiBase guards that.
var apiBase struct {
	once sync.Once
	base string
	err  error
}

// SetAPIBase points discordgo's REST and gateway-discovery endpoints at
// base, the equivalent of https://discord.com (DISCORD_API_URL): requests go
// to base + "/api/v9/...". It takes effect once per process; a later call
// with the same base is a no-op and one with a different base fails, since
// sessions may already be using the first. Tests in one binary therefore
// share one fake Discord server.
func SetAPIBase(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("discord: API URL %q: want an http(s) URL such as https://discord.com", base)
	}
	root := strings.TrimRight(u.String(), "/") + "/"
	apiBase.once.Do(func() {
		apiBase.base = root
		setEndpoints(root)
	})
	if apiBase.base != root {
		return fmt.Errorf("discord: API URL already set to %s; cannot change it to %s in the same process", apiBase.base, root)
	}
	return nil
}

// setEndpoints recomputes every string endpoint this package reaches,
// directly or through discordgo's endpoint funcs (which read these
// variables when called, so they follow).
func setEndpoints(root string) {
	discordgo.EndpointDiscord = root
	discordgo.EndpointAPI = root + "api/v" + discordgo.APIVersion + "/"
	discordgo.EndpointGuilds = discordgo.EndpointAPI + "guilds/"
	discordgo.EndpointChannels = discordgo.EndpointAPI + "channels/"
	discordgo.EndpointUsers = discordgo.EndpointAPI + "users/"
	discordgo.EndpointGateway = discordgo.EndpointAPI + "gateway"
	discordgo.EndpointGatewayBot = discordgo.EndpointGateway + "/bot"
	discordgo.EndpointWebhooks = discordgo.EndpointAPI + "webhooks/"
	discordgo.EndpointApplications = discordgo.EndpointAPI + "applications"
	discordgo.EndpointGuildCreate = discordgo.EndpointAPI + "guilds"
}
