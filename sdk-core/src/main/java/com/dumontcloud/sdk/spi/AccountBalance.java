package com.dumontcloud.sdk.spi;

import com.dumontcloud.sdk.model.Money;

/** Account balance capability (for budgets). */
public interface AccountBalance {
  Money balance();
}
