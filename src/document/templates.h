#pragma once

#include "document/experiment.h"

#include <string>
#include <vector>

namespace relulab {

struct NotebookTemplate {
    std::string name;        // "linearized-features"
    std::string description; // one line: what it reproduces
};

// The seeds' workflows, each a notebook of experiments ready to run.
const std::vector<NotebookTemplate>& notebookTemplates();

// Throws InvalidInput("template", ...) listing the known names for an unknown one.
Notebook makeTemplate(const std::string& name);

} // namespace relulab
