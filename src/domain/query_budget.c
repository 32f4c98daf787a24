/* query_budget: see query_budget.h. */
#include "domain/query_budget.h"

#include "store/store.h"

void query_budget_begin(long long budget_us)
{
    store_budget_begin(budget_us);
}

bool query_budget_end(void)
{
    return store_budget_end();
}
