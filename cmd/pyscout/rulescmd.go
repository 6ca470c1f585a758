package main

import (
	"fmt"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/rules"
)

func newRulesCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the interview rules or check a rule file",
	}
	var files []string
	list := &cobra.Command{
		Use:   "list",
		Short: "List the rules (built-in, plus any --rules files)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			set, err := rules.Load(files...)
			if err != nil {
				return err
			}
			t := tablewriter.NewWriter(s.Out)
			t.Header("ID", "Category", "Topic", "Level", "Priority", "Title")
			for _, r := range set.Rules {
				if err := t.Append([]string{r.ID, r.Category, r.Topic, r.Level, strconv.Itoa(r.Priority), r.Title}); err != nil {
					return err
				}
			}
			// Deep-dive templates: their topic is the brief fact they ask about.
			for _, d := range set.Deep {
				if err := t.Append([]string{d.ID, rules.DeepCategory, d.Source, d.Level, strconv.Itoa(d.Priority), d.Title}); err != nil {
					return err
				}
			}
			return t.Render()
		},
	}
	list.Flags().StringSliceVar(&files, "rules", nil, "also load this rule file (repeatable)")
	check := &cobra.Command{
		Use:   "check FILE...",
		Short: "Validate rule files and run every rule's samples",
		Args:  minArgs(1, "a rule file"),
		RunE: func(_ *cobra.Command, args []string) error {
			set, err := rules.Load(args...)
			if err != nil {
				return err
			}
			n := 0
			for _, r := range set.Rules {
				if err := r.CheckSamples(); err != nil {
					return err
				}
				n++
			}
			for _, c := range set.Checklist {
				if err := c.CheckSamples(); err != nil {
					return err
				}
			}
			_, err = fmt.Fprintf(s.Out, "ok: %d rules, %d checklist items and %d deep-dive templates load, and every rule's samples behave\n", n, len(set.Checklist), len(set.Deep))
			return err
		},
	}
	cmd.AddCommand(list, check)
	return cmd
}
